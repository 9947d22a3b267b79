import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MLOpsBuilder } from '../builder.js';
import type { MLOpsContext } from '../context.js';
import { MLOpsError } from '../errors.js';
import { InMemoryMetadataStore } from '../stores/in-memory-metadata-store.js';

describe('evaluation.logger', () => {
  let rootDir: string;
  let store: InMemoryMetadataStore;
  let mlops: MLOpsContext;
  let writes: number;
  beforeEach(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-logger-'));
    store = new InMemoryMetadataStore();
    writes = 0;
    const logMetrics = store.logMetrics.bind(store);
    store.logMetrics = async (metrics) => {
      writes++;
      return logMetrics(metrics);
    };
    mlops = await new MLOpsBuilder().useMetadataStore(store).useLocalFileModelRepository({ rootDir }).build();
  });
  afterEach(async () => {
    await mlops.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('returns at once and writes in batches, keeping the order of each key', async () => {
    const run = await mlops.lifecycle.createRun('logger');
    const logger = mlops.evaluation.logger(run.id, { batchSize: 100 });
    for (let step = 0; step < 1000; step++) {
      expect(logger.logMetric('loss', 1 / (step + 1), { step, timestamp: 1000 })).toBeUndefined();
    }
    logger.logMetrics({ accuracy: 0.5 });
    await logger.flush();
    const history = await mlops.evaluation.getMetricHistory(run.id, 'loss');
    expect(history.map((point) => point.step)).toEqual(Array.from({ length: 1000 }, (_value, step) => step));
    expect(writes).toBe(11);
    expect(await mlops.evaluation.getMetrics(run.id)).toEqual({ loss: 1 / 1000, accuracy: 0.5 });
    await logger.close();
  });

  it('writes a partial batch once the interval passes', async () => {
    const run = await mlops.lifecycle.createRun('logger');
    const logger = mlops.evaluation.logger(run.id, { batchSize: 1000, flushIntervalMs: 10 });
    logger.logMetric('loss', 0.3);
    await vi.waitFor(async () => expect(await mlops.evaluation.getMetrics(run.id)).toEqual({ loss: 0.3 }), { timeout: 2000, interval: 5 });
    await logger.close();
  });

  it('refuses bad points at the call and reports a failed write on the next call and on flush', async () => {
    const logger = mlops.evaluation.logger('no-such-run', { batchSize: 1 });
    expect(() => logger.logMetric('loss', 'high' as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    logger.logMetric('loss', 1);
    await expect(logger.flush()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    logger.logMetric('loss', 2);
    // The failed write of the point above surfaces on a later call.
    await vi.waitFor(() => expect(() => logger.logMetric('loss', 3)).toThrow(MLOpsError), { timeout: 2000, interval: 1 });
    await logger.close().catch(() => undefined);
    expect(() => logger.logMetric('loss', 4)).toThrow(/closed/);
  });

  it('is flushed by withRun before the run ends', async () => {
    const result = await mlops.lifecycle.withRun('logger', async (run, logger) => {
      for (let step = 0; step < 10; step++) logger.logMetric('loss', step, { step });
      return run.id;
    });
    const run = await mlops.lifecycle.getRun(result);
    expect(run.status).toBe('finished');
    expect(run.metrics).toEqual({ loss: 9 });
    expect(run.trainingTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('withRun ends a failing run as failed with the error recorded, and rethrows', async () => {
    let runId = '';
    await expect(
      mlops.lifecycle.withRun('logger', async (run) => {
        runId = run.id;
        throw new RangeError('diverged');
      }),
    ).rejects.toThrow('diverged');
    const run = await mlops.lifecycle.getRun(runId);
    expect(run.status).toBe('failed');
    expect(run.tags['mlops.error']).toBe('RangeError: diverged');
    expect(run.endTime).not.toBeNull();
  });
});
