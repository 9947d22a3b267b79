import { downsampleMetricHistory } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

/** Whether every point of `part` appears in `whole`, in the same order. */
function isOrderedSubsequence<T>(part: T[], whole: T[]): boolean {
  let index = 0;
  for (const point of whole) if (index < part.length && JSON.stringify(point) === JSON.stringify(part[index])) index++;
  return index === part.length;
}

/** Metrics: history, latest value per key, float64 edge values, batches, best run. */
export const metricsSuite: ConcernSuite = (kit) => {
  kit.test('logMetric stores a point at step 0 by default, and getMetrics returns it', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const before = Date.now();
    await kit.mlops.evaluation.logMetric(run.id, 'accuracy', 0.93);
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({ accuracy: 0.93 });
    const [point] = await kit.mlops.evaluation.getMetricHistory(run.id, 'accuracy');
    expect(point).toMatchObject({ runId: run.id, key: 'accuracy', value: 0.93, step: 0 });
    expect(point!.timestamp).toBeGreaterThanOrEqual(before - 1_000);
  });

  kit.test('the latest value is the one at the highest step, whatever the logging order', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetric(run.id, 'loss', 0.2, { step: 10 });
    await kit.mlops.evaluation.logMetric(run.id, 'loss', 0.9, { step: 1 });
    await kit.mlops.evaluation.logMetric(run.id, 'loss', 0.5, { step: 5 });
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({ loss: 0.2 });
    expect((await kit.mlops.lifecycle.getRun(run.id)).metrics).toEqual({ loss: 0.2 });
  });

  kit.test('at equal steps the latest timestamp wins, and at equal timestamps the last logged point wins', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetric(run.id, 'f1', 0.7, { step: 3, timestamp: 2_000 });
    await kit.mlops.evaluation.logMetric(run.id, 'f1', 0.1, { step: 3, timestamp: 1_000 });
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({ f1: 0.7 });
    await kit.mlops.evaluation.logMetric(run.id, 'f1', 0.8, { step: 3, timestamp: 2_000 });
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({ f1: 0.8 });
  });

  kit.test('getMetricHistory returns every point ordered by step, then timestamp, then logging order', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetrics(run.id, [
      { key: 'loss', value: 3, step: 2, timestamp: 500 },
      { key: 'loss', value: 1, step: 1, timestamp: 900 },
      { key: 'loss', value: 2, step: 2, timestamp: 100 },
      { key: 'loss', value: 4, step: 2, timestamp: 500 },
      { key: 'other', value: 9, step: 0, timestamp: 1 },
    ]);
    const history = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss');
    expect(history.map((point) => point.value)).toEqual([1, 2, 3, 4]);
    expect(history[0]).toEqual({ runId: run.id, key: 'loss', value: 1, step: 1, timestamp: 900 });
  });

  kit.test('getMetricHistory limits to a range of steps, both ends inclusive', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetrics(
      run.id,
      Array.from({ length: 10 }, (_, step) => ({ key: 'loss', value: step / 10, step })),
    );
    const steps = async (range: { startStep?: number; endStep?: number }) =>
      (await kit.mlops.evaluation.getMetricHistory(run.id, 'loss', range)).map((point) => point.step);
    expect(await steps({ startStep: 3, endStep: 5 })).toEqual([3, 4, 5]);
    expect(await steps({ startStep: 8 })).toEqual([8, 9]);
    expect(await steps({ endStep: 1 })).toEqual([0, 1]);
    expect(await kit.mlops.evaluation.getMetricHistory(run.id, 'unlogged')).toEqual([]);
  });

  kit.test('NaN, +Infinity and -Infinity are kept in latest values and history', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetrics(run.id, { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, ninf: Number.NEGATIVE_INFINITY });
    const metrics = await kit.mlops.evaluation.getMetrics(run.id);
    expect(metrics.nan).toBeNaN();
    expect(metrics.inf).toBe(Number.POSITIVE_INFINITY);
    expect(metrics.ninf).toBe(Number.NEGATIVE_INFINITY);
    expect((await kit.mlops.evaluation.getMetricHistory(run.id, 'nan'))[0]!.value).toBeNaN();
    expect((await kit.mlops.evaluation.getMetricHistory(run.id, 'ninf'))[0]!.value).toBe(Number.NEGATIVE_INFINITY);
    expect((await kit.mlops.lifecycle.getRun(run.id)).metrics.inf).toBe(Number.POSITIVE_INFINITY);
  });

  kit.test('float64 values round-trip bit for bit', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const values = { sum: 0.1 + 0.2, tiny: 1e-300, huge: Number.MAX_VALUE, negative: -123456.789012345, integer: 2 ** 53 - 1 };
    await kit.mlops.evaluation.logMetrics(run.id, values);
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual(values);
  });

  kit.test('logMetrics with a record stores each key at step 0', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetrics(run.id, { accuracy: 0.9, loss: 0.3 });
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({ accuracy: 0.9, loss: 0.3 });
    expect((await kit.mlops.evaluation.getMetricHistory(run.id, 'loss'))[0]!.step).toBe(0);
  });

  kit.test('logMetrics with one invalid point is INVALID_ARGUMENT and stores none of the batch', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(
      kit.mlops.evaluation.logMetrics(run.id, [
        { key: 'good', value: 1 },
        { key: 'bad', value: 'high' as unknown as number },
      ]),
      'INVALID_ARGUMENT',
    );
    await expectMLOpsError(kit.mlops.evaluation.logMetrics(run.id, [{ key: 'good', value: 1 }, { key: 'frac', value: 1, step: 1.5 }]), 'INVALID_ARGUMENT');
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({});
  });

  kit.test('logMetric refuses a non-number value, a fractional step and a bad name with INVALID_ARGUMENT', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.evaluation.logMetric(run.id, 'accuracy', '0.9' as unknown as number), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.evaluation.logMetric(run.id, 'accuracy', 0.9, { step: 0.5 }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.evaluation.logMetric(run.id, '', 0.9), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.evaluation.logMetric(run.id, 'm'.repeat(251), 0.9), 'INVALID_ARGUMENT');
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({});
  });

  kit.test('a history of 5000 points logged in one call is kept in full and in order', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const points = Array.from({ length: 5_000 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step }));
    await kit.mlops.evaluation.logMetrics(run.id, points);
    const history = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss');
    expect(history).toHaveLength(5_000);
    expect(history.map((point) => point.step)).toEqual(points.map((point) => point.step));
    expect(await kit.mlops.evaluation.getMetrics(run.id)).toEqual({ loss: 1 / 5_000 });
  });

  kit.test('getMetricHistory with maxPoints keeps the first, last, minimum and maximum point of each step bucket', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const points = Array.from({ length: 1_000 }, (_, step) => ({ key: 'loss', value: step === 500 ? Number.NaN : Math.sin(step / 7) * (1 + step / 100), step }));
    await kit.mlops.evaluation.logMetrics(run.id, points);
    const full = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss');
    const sampled = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss', { maxPoints: 40 });
    expect(sampled.length).toBeLessThanOrEqual(40);
    expect(sampled).toEqual(downsampleMetricHistory(full, 40));
    const ranged = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss', { startStep: 100, endStep: 299, maxPoints: 20 });
    expect(ranged).toEqual(downsampleMetricHistory(await kit.mlops.evaluation.getMetricHistory(run.id, 'loss', { startStep: 100, endStep: 299 }), 20));
    expect(await kit.mlops.evaluation.getMetricHistory(run.id, 'loss', { maxPoints: 5_000 })).toEqual(full);
  });

  kit.test('getMetricHistory with maxPoints gives the same down-sampling whether the store or the core computes it', async () => {
    // Through the context, so a store without getSampledMetricHistory runs the core's
    // fallback; a store with it must match the fallback point for point.
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetrics(run.id, Array.from({ length: 333 }, (_, step) => ({ key: 'acc', value: ((step * 37) % 101) / 100, step: step * 3 })));
    const range = { startStep: 30, endStep: 600 };
    for (const [bounds, maxPoints] of [
      [{}, 4],
      [{}, 17],
      [{}, 64],
      [{}, 1_000],
      [range, 24],
    ] as const) {
      const full = await kit.mlops.evaluation.getMetricHistory(run.id, 'acc', bounds);
      const sampled = await kit.mlops.evaluation.getMetricHistory(run.id, 'acc', { ...bounds, maxPoints });
      expect(sampled).toEqual(downsampleMetricHistory(full, maxPoints));
      expect(sampled.length).toBeLessThanOrEqual(Math.min(maxPoints, full.length));
      expect(isOrderedSubsequence(sampled, full)).toBe(true);
      expect([sampled[0], sampled.at(-1)]).toEqual([full[0], full.at(-1)]);
      const values = (points: { value: number }[]) => points.map((point) => point.value);
      expect(Math.min(...values(sampled))).toBe(Math.min(...values(full)));
      expect(Math.max(...values(sampled))).toBe(Math.max(...values(full)));
      if (kit.store.getSampledMetricHistory) expect(await kit.store.getSampledMetricHistory(run.id, 'acc', bounds, maxPoints)).toEqual(sampled);
    }
  });

  kit.test('getMetricHistory with maxPoints matches the core on a long history logged out of order, with ties, NaN, ±Infinity, -0 and repeated steps', async () => {
    // Stores may keep per-block summaries of long histories: points arrive in shuffled
    // batches, land in blocks already summarized, and tie across blocks and bucket edges.
    const run = await kit.mlops.lifecycle.createRun('iris');
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0];
    const points = Array.from({ length: 6_000 }, (_, index) => ({
      key: 'loss',
      step: index < 5_600 ? index - 700 : Math.floor(random() * 6_000) - 700,
      value: random() < 0.02 ? special[Math.floor(random() * special.length)]! : Math.floor(random() * 9),
      timestamp: 1_700_000_000_000 + Math.floor(random() * 3),
    }));
    for (let index = points.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [points[index], points[other]] = [points[other]!, points[index]!];
    }
    const check = async () => {
      for (const [bounds, maxPoints] of [
        [{}, 8],
        [{}, 41],
        [{}, 400],
        [{ startStep: -70, endStep: 4_321 }, 64],
        [{ startStep: 130, endStep: 200 }, 12],
      ] as const) {
        const full = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss', bounds);
        const sampled = await kit.mlops.evaluation.getMetricHistory(run.id, 'loss', { ...bounds, maxPoints });
        expect(sampled).toEqual(downsampleMetricHistory(full, maxPoints));
      }
    };
    for (let start = 0; start < points.length; start += 1_500) await kit.mlops.evaluation.logMetrics(run.id, points.slice(start, start + 1_500));
    await check();
    // New extremes inside blocks that already have theirs, and ties with the old ones.
    await kit.mlops.evaluation.logMetrics(run.id, [
      { key: 'loss', step: 1_000, value: -5, timestamp: 1_700_000_000_001 },
      { key: 'loss', step: 1_001, value: 50, timestamp: 1_700_000_000_001 },
      { key: 'loss', step: 2_070, value: -5, timestamp: 1_700_000_000_001 },
      { key: 'loss', step: -650, value: 50, timestamp: 1_700_000_000_000 },
    ]);
    await check();
  });

  kit.test('metrics on an unknown run throw NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.evaluation.logMetric(unknownRunId, 'accuracy', 1), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.evaluation.logMetrics(unknownRunId, { accuracy: 1 }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.evaluation.getMetrics(unknownRunId), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.evaluation.getMetricHistory(unknownRunId, 'accuracy'), 'NOT_FOUND');
  });

  kit.test('getBestRun picks the run with the highest or lowest latest value of a metric', async () => {
    const runs = [];
    for (const [accuracy, loss] of [
      [0.8, 0.5],
      [0.95, 0.4],
      [0.9, 0.1],
    ] as const) {
      const run = await kit.mlops.lifecycle.createRun('iris');
      await kit.mlops.evaluation.logMetrics(run.id, { accuracy, loss });
      runs.push(run);
    }
    await kit.mlops.lifecycle.createRun('iris');
    expect((await kit.mlops.lifecycle.getBestRun('iris', 'accuracy', { goal: 'maximize' })).id).toBe(runs[1]!.id);
    expect((await kit.mlops.lifecycle.getBestRun('iris', 'loss', { goal: 'minimize' })).id).toBe(runs[2]!.id);
  });

  kit.test('getBestRun uses each run’s latest point, not its best point', async () => {
    const early = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetric(early.id, 'accuracy', 0.99, { step: 1 });
    await kit.mlops.evaluation.logMetric(early.id, 'accuracy', 0.5, { step: 2 });
    const steady = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetric(steady.id, 'accuracy', 0.8, { step: 2 });
    expect((await kit.mlops.lifecycle.getBestRun('iris', 'accuracy', { goal: 'maximize' })).id).toBe(steady.id);
  });

  kit.test('getBestRun throws NOT_FOUND when no run of the experiment has the metric', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetric(run.id, 'loss', 0.1);
    await expectMLOpsError(kit.mlops.lifecycle.getBestRun('iris', 'accuracy', { goal: 'maximize' }), 'NOT_FOUND');
  });

  kit.test('the store logs points of several runs in one call, all or nothing', async () => {
    const first = await kit.mlops.lifecycle.createRun('iris');
    const second = await kit.mlops.lifecycle.createRun('iris');
    const point = { key: 'loss', value: 1, step: 0, timestamp: 1_000 };
    await kit.store.logMetrics([
      { ...point, runId: first.id },
      { ...point, runId: second.id, value: 2 },
    ]);
    expect((await kit.store.getRun(second.id))?.metrics).toEqual({ loss: 2 });
    await expectMLOpsError(
      kit.store.logMetrics([
        { ...point, runId: first.id, key: 'kept-out' },
        { ...point, runId: unknownRunId },
      ]),
      'NOT_FOUND',
    );
    expect((await kit.store.getRun(first.id))?.metrics).toEqual({ loss: 1 });
  });
};
