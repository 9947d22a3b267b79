import type { Metric } from '../entities.js';
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
  const key = validateName('metric name', point.key);
  return {
    runId,
    key,
    value: validateMetricValue(key, point.value),
    step: point.step === undefined ? 0 : validateStep(key, point.step),
    timestamp: point.timestamp === undefined ? now : validateTimestamp(key, point.timestamp),
  };
}
