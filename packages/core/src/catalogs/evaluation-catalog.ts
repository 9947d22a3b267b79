import type { ConfusionMatrix, Metric } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { MetricHistoryRange } from '../spec/v1/metric-history-range.js';
import { describe, validateId, validateName } from '../validation.js';
import { buildConfusionMatrix } from './confusion-matrix.js';
import { downsampleMetricHistory } from './downsample-metric-history.js';
import { MetricLogger, type MetricLoggerOptions } from './metric-logger.js';
import { createMetric, toMetric, type MetricPoint } from './metric-point.js';
import { requireRun } from './resolve.js';

export type { MetricPoint } from './metric-point.js';

export interface MetricHistoryOptions extends MetricHistoryRange {
  /** Down-sample to at most this many points (at least 4). Default: every point. */
  maxPoints?: number;
}

export interface LogMetricOptions {
  /** Integer, default 0. */
  step?: number;
  /** Epoch milliseconds, default now. */
  timestamp?: number;
}

/** Metrics (with full history) and confusion matrices. */
export class EvaluationCatalog {
  constructor(private readonly store: MetadataStoreV1) {}

  /** Logs one point of a metric; every point is kept as history. */
  async logMetric(runId: string, name: string, value: number, options: LogMetricOptions = {}): Promise<void> {
    validateId('run', runId);
    await this.store.logMetrics([createMetric(runId, name, value, options.step, options.timestamp)]);
  }

  /**
   * Logs many points in one transaction: a `{ name: value }` record (step 0) or a list of
   * points with steps and timestamps.
   */
  async logMetrics(runId: string, metrics: Record<string, number> | MetricPoint[]): Promise<void> {
    validateId('run', runId);
    if (typeof metrics !== 'object' || metrics === null) {
      throw new MLOpsError('INVALID_ARGUMENT', `Metrics ${describe(metrics)} are neither a { name: value } record nor a list of points. Pass one of those.`);
    }
    const now = Date.now();
    const points = Array.isArray(metrics) ? metrics : Object.entries(metrics).map(([key, value]) => ({ key, value }));
    const rows = new Array<Metric>(points.length);
    for (let index = 0; index < points.length; index++) rows[index] = toMetric(runId, points[index]!, now);
    if (rows.length > 0) await this.store.logMetrics(rows);
  }

  /** The latest value of each metric of the run (highest step, then latest timestamp). */
  async getMetrics(runId: string): Promise<Record<string, number>> {
    return (await requireRun(this.store, runId)).metrics;
  }

  /**
   * The points of one metric, by step. With `maxPoints`, a down-sampled history for charts
   * that keeps the first, last, minimum and maximum point of each step bucket.
   */
  async getMetricHistory(runId: string, name: string, options: MetricHistoryOptions = {}): Promise<Metric[]> {
    validateName('metric name', name);
    const { maxPoints, ...range } = options;
    for (const [option, value] of Object.entries(range)) {
      if (value !== undefined && !Number.isSafeInteger(value)) {
        throw new MLOpsError('INVALID_ARGUMENT', `Metric history option ${option} is ${describe(value)}. Use a whole step number.`);
      }
    }
    await requireRun(this.store, runId);
    if (maxPoints === undefined) return this.store.getMetricHistory(runId, name, range);
    if (!Number.isSafeInteger(maxPoints) || maxPoints < 4) {
      throw new MLOpsError('INVALID_ARGUMENT', `maxPoints is ${describe(maxPoints)}. Use a whole number of at least 4 (each bucket keeps up to 4 points).`);
    }
    if (this.store.getSampledMetricHistory) return this.store.getSampledMetricHistory(runId, name, range, maxPoints);
    return downsampleMetricHistory(await this.store.getMetricHistory(runId, name, range), maxPoints);
  }

  /**
   * A background logger for training loops: calls return at once and points are written
   * in batches. Close it (or `flush()`) before reading the metrics back.
   */
  logger(runId: string, options: MetricLoggerOptions = {}): MetricLogger {
    validateId('run', runId);
    return new MetricLogger(this.store, runId, options);
  }

  /** Logs a confusion matrix (`counts[actual][predicted]`) with per-class precision and recall. */
  async logConfusionMatrix(runId: string, matrix: { labels?: string[]; counts: number[][] }): Promise<ConfusionMatrix> {
    validateId('run', runId);
    const built = buildConfusionMatrix(runId, matrix?.counts, matrix?.labels);
    await this.store.saveConfusionMatrix(built);
    return built;
  }

  /** The run's confusion matrix. Throws NOT_FOUND when none was logged. */
  async getConfusionMatrix(runId: string): Promise<ConfusionMatrix> {
    await requireRun(this.store, runId);
    const matrix = await this.store.getConfusionMatrix(runId);
    if (!matrix) {
      throw new MLOpsError('NOT_FOUND', `Run '${runId}' has no confusion matrix. Log one with evaluation.logConfusionMatrix(runId, { counts }).`, {
        providerId: this.store.providerId,
      });
    }
    return matrix;
  }
}
