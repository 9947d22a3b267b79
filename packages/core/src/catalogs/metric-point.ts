import type { Metric } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { describe, validateMetricValue, validateName, validateStep, validateTimestamp } from '../validation.js';

/** One point handed to `logMetrics`. */
export interface MetricPoint {
  key: string;
  value: number;
  /** Integer, default 0. */
  step?: number;
  /** Epoch milliseconds, default now. */
  timestamp?: number;
}

/** Validates a point and fills in step 0 and the timestamp `now`. */
export function toMetric(runId: string, point: MetricPoint, now: number): Metric {
  if (typeof point !== 'object' || point === null) {
    throw new MLOpsError('INVALID_ARGUMENT', `Metric point ${describe(point)} is not an object. Pass { key, value, step?, timestamp? }.`);
  }
  return createMetric(runId, point.key, point.value, point.step, point.timestamp ?? now);
}

/** Validates one point's parts; the hot path of logging, so it allocates only the result. */
export function createMetric(runId: string, key: string, value: number, step: number | undefined, timestamp: number | undefined): Metric {
  validateName('metric name', key);
  return {
    runId,
    key,
    value: validateMetricValue(key, value),
    step: step === undefined ? 0 : validateStep(key, step),
    timestamp: timestamp === undefined ? Date.now() : validateTimestamp(key, timestamp),
  };
}
