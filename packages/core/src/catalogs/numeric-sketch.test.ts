import { describe, expect, it } from 'vitest';
import { NumericSketch, cdfPointLimit } from './numeric-sketch.js';

function sketchOf(values: Iterable<number>): NumericSketch {
  const sketch = new NumericSketch();
  for (const value of values) sketch.add(value);
  return sketch;
}

describe('NumericSketch.cdf', () => {
  it('lists every distinct value with the count at or below it while there are at most 201', () => {
    expect(sketchOf([3, 1, 2, 2, 3, 3]).cdf()).toEqual({ values: [1, 2, 3], counts: [1, 3, 6], isComplete: true });
  });

  it('gives one point per half percentile with exact counts while values are counted exactly', () => {
    const cdf = sketchOf(Array.from({ length: 4000 }, (_, index) => 3999 - index)).cdf()!;
    expect(cdf.isComplete).toBe(false);
    expect(cdf.values).toHaveLength(cdfPointLimit);
    expect(cdf.values[0]).toBe(0);
    expect(cdf.values.at(-1)).toBe(3999);
    // Point i stands for rank ⌈4000 i / 200⌉ = 20 i: the value 20 i − 1, with 20 i values at or below it.
    expect(cdf.values[50]).toBe(999);
    expect(cdf.counts[50]).toBe(1000);
  });

  it('keeps points within the sketch accuracy once the column has more than 4,096 distinct values', () => {
    const count = 100_000;
    const cdf = sketchOf(Array.from({ length: count }, (_, index) => index / 10)).cdf()!;
    expect(cdf.values).toHaveLength(cdfPointLimit);
    expect(cdf.values[0]).toBe(0);
    expect(cdf.values.at(-1)).toBe((count - 1) / 10);
    expect(cdf.counts.at(-1)).toBe(count);
    for (let index = 1; index < cdf.values.length; index++) {
      expect(cdf.values[index]!).toBeGreaterThan(cdf.values[index - 1]!);
      // The share at or below a point matches the point's value within 0.1% of the range (and one bucket).
      expect(Math.abs(cdf.counts[index]! / count - cdf.values[index]! / ((count - 1) / 10))).toBeLessThan(0.002);
    }
  });

  it('is undefined without values', () => {
    expect(new NumericSketch().cdf()).toBeUndefined();
  });
});
