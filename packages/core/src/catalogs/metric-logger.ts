import type { Metric } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { describe } from '../validation.js';
import type { LogMetricOptions, MetricPoint } from './evaluation-catalog.js';
import { createMetric, toMetric } from './metric-point.js';

export interface MetricLoggerOptions {
  /** Points per write. Default 1,000. */
  batchSize?: number;
  /** Longest time a point waits in the buffer, in milliseconds. Default 1,000. */
  flushIntervalMs?: number;
}

/**
 * Logs metrics from a training loop without waiting for the store: calls validate and
 * return at once, points are written in batches (by size or interval) in the order they
 * were handed over. A failed write is reported by the next call, `flush()` or `close()`.
 * Pending points are flushed on `close()` and when the process exits normally.
 *
 * @example
 * const logger = mlops.evaluation.logger(run.id);
 * for (let step = 0; step < 1e5; step++) logger.logMetric('loss', loss(step), { step });
 * await logger.close();
 */
export class MetricLogger {
  readonly #store: MetadataStoreV1;
  readonly #runId: string;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  #buffer: Metric[] = [];
  #writing: Promise<void> = Promise.resolve();
  #error: unknown;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(store: MetadataStoreV1, runId: string, options: MetricLoggerOptions = {}) {
    this.#store = store;
    this.#runId = runId;
    this.#batchSize = positiveInteger('batchSize', options.batchSize ?? 1000);
    this.#flushIntervalMs = positiveInteger('flushIntervalMs', options.flushIntervalMs ?? 1000);
    openLoggers.add(this);
    ensureExitHook();
  }

  /** Queues one point. Throws at once for invalid input or a failed earlier write. */
  logMetric(name: string, value: number, options: LogMetricOptions = {}): void {
    this.#checkUsable();
    this.#push(createMetric(this.#runId, name, value, options.step, options.timestamp));
  }

  /** Queues many points: a `{ name: value }` record (step 0) or a list of points. */
  logMetrics(metrics: Record<string, number> | MetricPoint[]): void {
    this.#checkUsable();
    const now = Date.now();
    if (Array.isArray(metrics)) {
      const converted = metrics.map((point) => toMetric(this.#runId, point, now));
      for (const metric of converted) this.#push(metric);
    } else if (typeof metrics === 'object' && metrics !== null) {
      const converted = Object.entries(metrics).map(([key, value]) => toMetric(this.#runId, { key, value }, now));
      for (const metric of converted) this.#push(metric);
    } else {
      throw new MLOpsError('INVALID_ARGUMENT', `Metrics ${describe(metrics)} are neither a { name: value } record nor a list of points. Pass one of those.`);
    }
  }

  /** Resolves when every point handed over so far is stored; rejects with a write error. */
  async flush(): Promise<void> {
    this.#writeBuffer();
    await this.#writing;
    this.#throwPendingError();
  }

  /** Flushes, then stops the logger. Further calls throw. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return this.#writing.then(() => this.#throwPendingError());
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      clearTimeout(this.#timer);
      openLoggers.delete(this);
    }
  }

  /** Points queued but not yet written. */
  get pendingCount(): number {
    return this.#buffer.length;
  }

  #push(metric: Metric): void {
    this.#buffer.push(metric);
    if (this.#buffer.length >= this.#batchSize) this.#writeBuffer();
    else this.#timer ??= setTimeout(() => this.#writeBuffer(), this.#flushIntervalMs).unref();
  }

  #writeBuffer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    // Writes are chained, so points reach the store in the order they were handed over.
    this.#writing = this.#writing.then(async () => {
      if (this.#error !== undefined) return;
      try {
        await this.#store.logMetrics(batch);
      } catch (error) {
        this.#error = error;
      }
    });
  }

  #checkUsable(): void {
    if (this.#closed) {
      throw new MLOpsError('INVALID_ARGUMENT', `The metric logger of run '${this.#runId}' is closed. Create another with evaluation.logger(runId).`);
    }
    this.#throwPendingError();
  }

  #throwPendingError(): void {
    if (this.#error === undefined) return;
    const error = this.#error;
    this.#error = undefined;
    this.#buffer = [];
    if (MLOpsError.isInstance(error)) throw error;
    throw new MLOpsError('UNAVAILABLE', `Writing metrics of run '${this.#runId}' failed (${(error as Error)?.message}). Check the store, then log again.`, { cause: error });
  }
}

const openLoggers = new Set<MetricLogger>();
let isExitHookInstalled = false;

// 'beforeExit' fires when the event loop empties on a normal exit, when async work is still allowed.
function ensureExitHook(): void {
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  process.on('beforeExit', () => {
    for (const logger of openLoggers) logger.close().catch((error: unknown) => console.error('MLOps.ts: metrics lost at exit:', error));
  });
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new MLOpsError('INVALID_ARGUMENT', `Metric logger option ${name} is ${describe(value)}. Use a whole number of at least 1.`);
  }
  return value;
}
