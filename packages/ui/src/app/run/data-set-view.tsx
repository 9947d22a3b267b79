import type { DataDistribution, DataSet } from '../api/api-types.js';
import { formatMetric } from '../components/format.js';

/** A data set: rows, hash, schema, and each column's distribution as bars (categories) or a histogram (numbers). */
export function DataSetView({ dataSet }: { dataSet: DataSet }) {
  return (
    <section className="card" aria-label={`Data set ${dataSet.name}`}>
      <h3>{dataSet.name}</h3>
      <dl className="facts">
        <dt>Rows</dt>
        <dd>{dataSet.rowCount.toLocaleString()}</dd>
        <dt>SHA-256</dt>
        <dd className="mono">{dataSet.sha256}</dd>
        <dt>Columns</dt>
        <dd>{dataSet.columns.map((column) => `${column.name} (${column.type})`).join(', ')}</dd>
      </dl>
      <div className="grid-2">
        {dataSet.distributions.map((distribution) => (
          <DistributionView key={distribution.column} distribution={distribution} />
        ))}
      </div>
    </section>
  );
}

function DistributionView({ distribution }: { distribution: DataDistribution }) {
  const bars =
    distribution.kind === 'categorical'
      ? [...distribution.valueCounts.map((entry) => ({ label: entry.value, count: entry.count })), ...(distribution.otherCount ? [{ label: '(other)', count: distribution.otherCount }] : [])]
      : distribution.histogram.counts.map((count, index) => ({
          label: `${formatMetric(distribution.histogram.binEdges[index])} – ${formatMetric(distribution.histogram.binEdges[index + 1])}`,
          count,
        }));
  const largest = Math.max(1, ...bars.map((bar) => bar.count));
  return (
    <figure aria-label={`Distribution of ${distribution.column}`}>
      <figcaption>
        <strong>{distribution.column}</strong>{' '}
        {distribution.kind === 'numeric' ? (
          <span className="muted">
            min {formatMetric(distribution.summary.min)}, max {formatMetric(distribution.summary.max)}, mean {formatMetric(distribution.summary.mean)}, sd{' '}
            {formatMetric(distribution.summary.stddev)}, nulls {distribution.summary.nullCount}
          </span>
        ) : (
          <span className="muted">categories</span>
        )}
      </figcaption>
      <div className="bars">
        {bars.map((bar, index) => (
          <div key={index} style={{ display: 'contents' }}>
            <span>{bar.label}</span>
            <div className="bar" style={{ width: `${(100 * bar.count) / largest}%` }} />
            <span className="mono">{bar.count}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
