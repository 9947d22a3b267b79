import type { ConfusionMatrix } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';

/**
 * Builds a confusion matrix with per-class precision and recall. `counts[actual][predicted]`,
 * as in ML.NET. Precision is NaN for a class never predicted, recall NaN for a class that never occurs.
 */
export function buildConfusionMatrix(runId: string, counts: number[][], labels?: string[]): ConfusionMatrix {
  const size = Array.isArray(counts) ? counts.length : 0;
  if (size === 0 || !counts.every((row) => Array.isArray(row) && row.length === size)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The confusion matrix is not a non-empty square array of rows. Pass counts[actual][predicted] with one row and one column per class.`);
  }
  for (const row of counts) {
    for (const count of row) {
      if (!Number.isInteger(count) || count < 0) {
        throw new MLOpsError('INVALID_ARGUMENT', `The confusion matrix holds ${String(count)}, which is not a count. Every cell must be a non-negative integer.`);
      }
    }
  }
  const names = labels ?? counts.map((_row, index) => String(index));
  if (names.length !== size || names.some((label) => typeof label !== 'string')) {
    throw new MLOpsError('INVALID_ARGUMENT', `${names.length} labels were given for a ${size}×${size} confusion matrix. Pass one string label per class, in row order.`);
  }
  const precision = names.map((_label, predicted) => {
    const column = counts.reduce((sum, row) => sum + row[predicted]!, 0);
    return column === 0 ? Number.NaN : counts[predicted]![predicted]! / column;
  });
  const recall = counts.map((row, actual) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return total === 0 ? Number.NaN : row[actual]! / total;
  });
  return { runId, labels: [...names], counts: counts.map((row) => [...row]), precision, recall };
}
