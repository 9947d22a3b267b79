import type { Metric } from '../spec/v1/index.js';

/**
 * Reduces a metric history to at most `maxPoints` points for charting, keeping its shape:
 * the steps are cut into `floor(maxPoints / 4)` equal-width buckets, and each bucket keeps
 * its first, last, minimum and maximum points (NaN points never count as min or max).
 * `points` must be ordered by step; the result keeps that order.
 */
export function downsampleMetricHistory(points: readonly Metric[], maxPoints: number): Metric[] {
  if (points.length <= maxPoints) return [...points];
  const bucketCount = Math.max(1, Math.floor(maxPoints / 4));
  const firstStep = points[0]!.step;
  const span = points.at(-1)!.step - firstStep + 1;
  const bucketOf = (step: number) => Math.floor(((step - firstStep) * bucketCount) / span);
  const kept: Metric[] = [];
  let index = 0;
  while (index < points.length) {
    const start = index;
    const bucket = bucketOf(points[start]!.step);
    let min = -1;
    let max = -1;
    for (; index < points.length && bucketOf(points[index]!.step) === bucket; index++) {
      const value = points[index]!.value;
      if (Number.isNaN(value)) continue;
      if (min === -1 || value < points[min]!.value) min = index;
      if (max === -1 || value > points[max]!.value) max = index;
    }
    const chosen = new Set([start, index - 1, min, max].filter((position) => position >= 0));
    for (const position of [...chosen].sort((a, b) => a - b)) kept.push(points[position]!);
  }
  return kept;
}
