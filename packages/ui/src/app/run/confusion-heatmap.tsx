import { toNumber } from '../api/api-client.js';
import type { ConfusionMatrix } from '../api/api-types.js';
import { formatMetric } from '../components/format.js';

/** The confusion matrix as a heatmap: actual classes in rows, predicted in columns, each class's precision and recall. */
export function ConfusionHeatmap({ matrix }: { matrix: ConfusionMatrix }) {
  const largest = Math.max(1, ...matrix.counts.flat());
  return (
    <table className="heatmap" aria-label="Confusion matrix" data-testid="confusion-matrix">
      <thead>
        <tr>
          <th scope="col">actual ↓ / predicted →</th>
          {matrix.labels.map((label) => (
            <th key={label} scope="col">
              {label}
            </th>
          ))}
          <th scope="col">recall</th>
        </tr>
      </thead>
      <tbody>
        {matrix.labels.map((label, row) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {matrix.counts[row]!.map((count, column) => {
              const share = count / largest;
              return (
                <td
                  key={column}
                  className="cell"
                  data-count={count}
                  title={`${count} of class ${label} predicted as ${matrix.labels[column]}`}
                  style={{ background: `rgba(var(--heat), ${(0.08 + 0.85 * share).toFixed(3)})`, color: share > 0.55 ? '#fff' : undefined }}
                >
                  {count}
                </td>
              );
            })}
            <td data-testid="recall">{formatMetric(toNumber(matrix.recall[row]))}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">precision</th>
          {matrix.labels.map((label, column) => (
            <td key={label} data-testid="precision">
              {formatMetric(toNumber(matrix.precision[column]))}
            </td>
          ))}
          <td />
        </tr>
      </tbody>
    </table>
  );
}
