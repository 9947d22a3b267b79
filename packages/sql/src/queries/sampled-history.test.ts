import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketStepRanges } from './sampled-history.js';

/** The bucket of a step, exactly as the core's downsampleMetricHistory computes it. */
function coreBucketOf(step: number, firstStep: number, lastStep: number, bucketCount: number): number {
  return Math.floor(((step - firstStep) * bucketCount) / (lastStep - firstStep + 1));
}

describe('bucketStepRanges', () => {
  it('cuts [first, last] into contiguous ranges, one per bucket of the core, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 1, max: 300 }), (first, length, bucketCount) => {
        const last = first + length;
        const ranges = bucketStepRanges(first, last, bucketCount);
        expect(ranges[0]![0]).toBe(first);
        expect(ranges.at(-1)![1]).toBe(last);
        let previousBucket = -1;
        ranges.forEach(([low, high], index) => {
          expect(low).toBeLessThanOrEqual(high);
          if (index > 0) expect(low).toBe(ranges[index - 1]![1] + 1);
          const bucket = coreBucketOf(low, first, last, bucketCount);
          expect(bucket).toBeGreaterThan(previousBucket);
          expect(coreBucketOf(high, first, last, bucketCount)).toBe(bucket);
          previousBucket = bucket;
        });
      }),
    );
  });

  it('handles spans where float64 rounding decides the edge, and huge steps', () => {
    for (const [first, last, count] of [
      [0, 999_999, 250],
      [3, 3, 10],
      [0, 2 ** 40, 7],
      [-(2 ** 45), 2 ** 45, 250],
    ] as const) {
      const ranges = bucketStepRanges(first, last, count);
      expect(ranges.length).toBeLessThanOrEqual(count);
      for (const [low, high] of ranges) {
        expect(coreBucketOf(low, first, last, count)).toBe(coreBucketOf(high, first, last, count));
        if (low > first) expect(coreBucketOf(low - 1, first, last, count)).toBeLessThan(coreBucketOf(low, first, last, count));
      }
    }
  });
});
