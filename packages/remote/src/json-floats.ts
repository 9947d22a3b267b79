import { runFields, type ConfusionMatrix, type DataDistribution, type DataSet, type Metric, type Run } from '@mlops-ts/core';

// JSON has no NaN or ±Infinity: the server's API carries them as the strings "NaN",
// "Infinity" and "-Infinity", both ways. Requests encode every non-finite number; answers
// are decoded field by field, where a float is expected, so a tag whose value is the text
// "NaN" stays text.

/** A float64 as the API carries it. */
export type JsonFloat = number | 'NaN' | 'Infinity' | '-Infinity';

/** A number as the API carries it. */
export function encodeFloat(value: number): JsonFloat {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** The number an API float stands for. */
export function decodeFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  return value === 'NaN' ? Number.NaN : value === 'Infinity' ? Number.POSITIVE_INFINITY : value === '-Infinity' ? Number.NEGATIVE_INFINITY : Number(value);
}

/** `JSON.stringify` with every non-finite number written as the API's string for it. */
export function stringifyWithFloats(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? encodeFloat(value) : value));
}

/** The run's float fields (from the core's field registry) and latest metric values decoded. */
export function decodeRun<Value extends Run>(run: Value): Value {
  for (const field of doubleRunFields) {
    const value = (run as unknown as Record<string, unknown>)[field];
    if (value !== null && value !== undefined) (run as unknown as Record<string, unknown>)[field] = decodeFloat(value);
  }
  if (run.metrics) for (const key of Object.keys(run.metrics)) run.metrics[key] = decodeFloat(run.metrics[key]);
  return run;
}

const doubleRunFields = runFields.fields.filter((field) => field.type === 'double').map((field) => field.property);

/** A metric point's value decoded. */
export function decodeMetric(metric: Metric): Metric {
  metric.value = decodeFloat(metric.value);
  return metric;
}

/** Precision and recall decoded. */
export function decodeConfusionMatrix(matrix: ConfusionMatrix): ConfusionMatrix {
  matrix.precision = matrix.precision.map(decodeFloat);
  matrix.recall = matrix.recall.map(decodeFloat);
  return matrix;
}

/** A data set's numeric distributions decoded. */
export function decodeDataSet(dataSet: DataSet): DataSet {
  dataSet.distributions = dataSet.distributions.map(decodeDistribution);
  return dataSet;
}

/** The statistics, bin edges and cdf values of a numeric distribution decoded. */
export function decodeDistribution(distribution: DataDistribution): DataDistribution {
  if (distribution.kind !== 'numeric') return distribution;
  const { summary, histogram, cdf } = distribution;
  summary.min = decodeFloat(summary.min);
  summary.max = decodeFloat(summary.max);
  summary.mean = decodeFloat(summary.mean);
  summary.stddev = decodeFloat(summary.stddev);
  histogram.binEdges = histogram.binEdges.map(decodeFloat);
  if (cdf) cdf.values = cdf.values.map(decodeFloat);
  return distribution;
}
