import type { Metric } from '@mlops-ts/core';
import { newRunRecord } from '@mlops-ts/provider-tests';
import { describe, expect, it } from 'vitest';
import { toRunItem } from './items.js';
import { defaultMetricBatchLimits, planMetricBatches, toMetricHistory, toMetricPointsItems, withLatestMetrics } from './metric-points.js';

const runId = 'run-1';
const point = (key: string, step: number, value = step, timestamp = 1_000): Metric => ({ runId, key, value, step, timestamp });
const newRunItem = () =>
  toRunItem(newRunRecord({ id: runId, experimentId: 'e' }));

describe('planMetricBatches', () => {
  it('keeps an ordinary call in one batch', () => {
    const points = Array.from({ length: 10_000 }, (_, step) => point('loss', step));
    expect(planMetricBatches(points)).toEqual([points]);
  });

  it('splits a call with more keys than one batch holds items, keeping the order', () => {
    const points = Array.from({ length: 150 }, (_, index) => point(`key-${index}`, 0));
    const batches = planMetricBatches(points);
    expect(batches.map((batch) => batch.length)).toEqual([99, 51]);
    expect(batches.flat()).toEqual(points);
  });

  it('splits by size so a batch stays under the request limit', () => {
    const points = Array.from({ length: 60_000 }, (_, step) => point('loss', step, Math.PI * step, 1_700_000_000_000 + step));
    const batches = planMetricBatches(points);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(points);
    for (const batch of batches) {
      const items = toMetricPointsItems(runId, 1, batch);
      expect(items.length).toBeLessThanOrEqual(defaultMetricBatchLimits.maxItemsPerBatch);
      expect(JSON.stringify(items).length).toBeLessThanOrEqual(defaultMetricBatchLimits.maxPointBytesPerBatch);
    }
  });
});

describe('toMetricPointsItems', () => {
  it('groups points per key in logging order, at most maxPointsPerItem per item, with ids from the sequence', () => {
    const points = [point('a', 1), point('b', 5), point('a', 0), point('a', 7), point('b', 2)];
    const items = toMetricPointsItems(runId, 12, points, 2);
    expect(items.map((item) => [item.id, item.metricKey, item.steps, item.minStep, item.maxStep])).toEqual([
      ['metric-points-12-0', 'a', [1, 0], 0, 1],
      ['metric-points-12-1', 'a', [7], 7, 7],
      ['metric-points-12-2', 'b', [5, 2], 2, 5],
    ]);
    expect(items.every((item) => item.sequence === 12 && item.runId === runId && item.type === 'metric-points')).toBe(true);
  });
});

describe('withLatestMetrics', () => {
  it('keeps the point with the highest step, then timestamp; a later point wins a tie', () => {
    let item = withLatestMetrics(newRunItem(), [point('loss', 10, 0.2), point('loss', 1, 0.9)]);
    expect(item.metrics).toEqual({ loss: 0.2 });
    expect(item.metricSequence).toBe(1);
    item = withLatestMetrics(item, [point('loss', 10, 0.3, 999), point('f1', 3, Number.NaN)]);
    expect(item.metrics).toEqual({ loss: 0.2, f1: 'NaN' });
    item = withLatestMetrics(item, [point('loss', 10, 0.4, 1_000)]);
    expect(item.metrics.loss).toBe(0.4);
    expect(item.metricPositions.loss).toEqual([10, 1_000]);
    expect(item.metricSequence).toBe(3);
  });

  it('stores a key named __proto__ as data', () => {
    const item = withLatestMetrics(newRunItem(), [point('__proto__', 1, 5)]);
    expect(Object.getPrototypeOf(item.metrics)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(item.metrics))).toEqual(JSON.parse('{"__proto__":5}'));
  });
});

describe('toMetricHistory', () => {
  it('orders by step, then timestamp, then logging order across batches, and applies the step range', () => {
    const first = toMetricPointsItems(runId, 1, [point('loss', 2, 3, 500), point('loss', 1, 1, 900)]);
    const second = toMetricPointsItems(runId, 2, [point('loss', 2, 2, 100), point('loss', 2, 4, 500), point('loss', 5, Number.POSITIVE_INFINITY)]);
    const stored = JSON.parse(JSON.stringify([...second, ...first]));
    expect(toMetricHistory(runId, 'loss', stored).map((metric) => metric.value)).toEqual([1, 2, 3, 4, Number.POSITIVE_INFINITY]);
    expect(toMetricHistory(runId, 'loss', stored, { startStep: 2, endStep: 4 }).map((metric) => metric.value)).toEqual([2, 3, 4]);
    expect(toMetricHistory(runId, 'loss', stored)[0]).toEqual({ runId, key: 'loss', value: 1, step: 1, timestamp: 900 });
  });
});
