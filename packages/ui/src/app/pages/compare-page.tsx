import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api/api-client.js';
import type { RunComparison } from '../api/api-types.js';
import { ChartControls, useChartSettings } from '../charts/chart-settings.js';
import { MetricChart } from '../charts/metric-chart.js';
import { formatMetric } from '../components/format.js';
import { QueryState } from '../components/query-state.js';
import { useUrlState } from '../routing/hash-location.js';
import { decodeColumnIds } from '../runs/run-columns.js';

/** Runs side by side (#/compare?runs=<id>,<id>): params with differences highlighted, metrics with deltas, charts overlaid. */
export function ComparePage() {
  const [state] = useUrlState();
  const runIds = decodeColumnIds(state.get('runs') ?? '');
  const comparison = useQuery({
    queryKey: ['compare', runIds.join(',')],
    enabled: runIds.length > 0,
    queryFn: () => api<RunComparison>('/runs/compare', { method: 'POST', body: { runIds } }),
  });
  const charts = useChartSettings();
  if (runIds.length === 0) {
    return (
      <main className="page">
        <h1>Compare runs</h1>
        <p className="muted">Select two or more runs in an experiment's runs table, then choose Compare.</p>
      </main>
    );
  }
  return (
    <main className="page wide">
      <h1>Compare {runIds.length} runs</h1>
      <QueryState query={comparison} what="the comparison">
        {(data) => {
          const names = data.runs.map((run) => run.name ?? run.id.slice(0, 8));
          const header = (
            <thead>
              <tr>
                <th scope="col">Key</th>
                {data.runs.map((run, index) => (
                  <th key={run.id} scope="col">
                    <Link href={`/runs/${run.id}`}>{names[index]}</Link>
                  </th>
                ))}
              </tr>
            </thead>
          );
          return (
            <>
              <h2>Params</h2>
              <p className="muted">Rows whose values differ are highlighted.</p>
              <table className="plain" aria-label="Params compared">
                {header}
                <tbody>
                  {data.params.map((param) => (
                    <tr key={param.key} className={param.differs ? 'differs' : undefined} data-differs={param.differs}>
                      <th scope="row">{param.key}</th>
                      {param.values.map((value, index) => (
                        <td key={index}>{value ?? '—'}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>Metrics</h2>
              <p className="muted">Latest values; in brackets, the difference from the first run.</p>
              <table className="plain" aria-label="Metrics compared">
                {header}
                <tbody>
                  {data.metrics.map((metric) => (
                    <tr key={metric.key} className={metric.differs ? 'differs' : undefined}>
                      <th scope="row">{metric.key}</th>
                      {metric.values.map((value, index) => (
                        <td key={index} className="number">
                          {value === null ? '—' : formatMetric(value)}
                          {index > 0 && metric.deltas[index] !== null ? <span className="muted"> ({formatDelta(metric.deltas[index]!)})</span> : null}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <h2>Charts</h2>
              <ChartControls settings={charts} />
              <div className="grid-2">
                {data.metrics.map((metric) => (
                  <MetricChart
                    key={metric.key}
                    metricKey={metric.key}
                    series={data.runs.filter((_run, index) => metric.values[index] !== null).map((run) => ({ runId: run.id, label: run.name ?? run.id.slice(0, 8) }))}
                    zoom={charts.zoom}
                    onZoom={charts.setZoom}
                    isLogScale={charts.isLogScale}
                    smoothing={charts.smoothing}
                  />
                ))}
              </div>
            </>
          );
        }}
      </QueryState>
    </main>
  );
}

function formatDelta(delta: number | string): string {
  const text = formatMetric(delta);
  return typeof delta === 'number' && delta > 0 ? `+${text}` : text;
}
