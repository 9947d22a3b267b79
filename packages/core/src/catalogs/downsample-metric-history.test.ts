import { describe, expect, it } from 'vitest';
import type { Metric } from '../spec/v1/index.js';
import { downsampleMetricHistory } from './downsample-metric-history.js';

const point = (step: number, value: number): Metric => ({ runId: 'r', key: 'loss', step, value, timestamp: step });

describe('downsampleMetricHistory', () => {
  it('keeps every point when there are few enough', () => {
    const points = [point(0, 1), point(1, 2)];
    expect(downsampleMetricHistory(points, 4)).toEqual(points);
  });

  it('keeps the first, last, minimum and maximum of each bucket, in step order', () => {
    // 2 buckets of 5 steps: [0..4] and [5..9]
    const values = [5, 9, 1, 7, 6, /* */ 3, 0, 8, 2, 4];
    const sampled = downsampleMetricHistory(values.map((value, step) => point(step, value)), 8);
    expect(sampled.map((kept) => kept.step)).toEqual([0, 1, 2, 4, 5, 6, 7, 9]);
  });

  it('stays within maxPoints for a million points and keeps the extremes', () => {
    const points = Array.from({ length: 1_000_000 }, (_value, step) => point(step, Math.sin(step / 1000)));
    points[123_456] = point(123_456, 42);
    const sampled = downsampleMetricHistory(points, 1000);
    expect(sampled.length).toBeLessThanOrEqual(1000);
    expect(sampled[0]!.step).toBe(0);
    expect(sampled.at(-1)!.step).toBe(999_999);
    expect(sampled.some((kept) => kept.value === 42)).toBe(true);
  });

  it('never picks NaN as a minimum or maximum', () => {
    const sampled = downsampleMetricHistory([point(0, 1), point(1, Number.NaN), point(2, 3), point(3, 2), point(4, 0)], 4);
    expect(sampled.map((kept) => kept.step)).toEqual([0, 2, 4]);
  });
});
