import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import type { NumericDistribution } from '../spec/v1/index.js';

/**
 * The relative accuracy of the DDSketch behind numeric histograms (Masson, Rim and Lee,
 * "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees",
 * VLDB 2019). The sketch holds each value's distance from the column's first value, so a
 * value is placed within 0.1% of that distance, which is at most 0.1% of (max − min).
 */
export const numericRelativeAccuracy = 0.001;

/** Points of a numeric column's stored cumulative distribution: one per half percentile. */
export const cdfPointLimit = 201;

/** Distinct values counted exactly (a map) before the sketch takes over. */
const exactValueLimit = 4096;

/**
 * Buckets per sign before the ones closest to the first value are merged: 8,192 buckets of
 * ±0.1% span 14 orders of magnitude of distances, so merging only touches values within
 * (max − min) / 10^14 of the first value, and memory stays under 2 × 8,192 numbers.
 */
const sketchBinLimit = 8192;

/**
 * A numeric column in bounded memory: exact count, min, max, mean and standard deviation
 * (Welford's algorithm), exact value counts while the column has at most 4,096 distinct
 * values, and a DDSketch past that, from which an equal-width histogram is drawn whose
 * counts differ from the exact ones only by values lying within
 * `numericRelativeAccuracy × (max − min)` of a bin edge.
 */
export class NumericSketch {
  #count = 0;
  #mean = 0;
  #sumOfSquaredDeviations = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  #exactCounts: Map<number, number> | undefined = new Map();
  #origin: number | undefined;
  #sketch: LogCollapsingLowestDenseDDSketch | undefined;

  /** Values added so far. */
  get count(): number {
    return this.#count;
  }

  /** Adds one value; NaN is the caller's to count as missing. */
  add(value: number): void {
    this.#count++;
    const delta = value - this.#mean;
    this.#mean += delta / this.#count;
    this.#sumOfSquaredDeviations += delta * (value - this.#mean);
    this.#min = Math.min(this.#min, value);
    this.#max = Math.max(this.#max, value);
    if (this.#exactCounts) {
      this.#exactCounts.set(value, (this.#exactCounts.get(value) ?? 0) + 1);
      if (this.#exactCounts.size > exactValueLimit) this.#moveExactCountsToSketch(this.#exactCounts);
    } else {
      this.#addToSketch(value, 1);
    }
  }

  /** The summary of the values added, with the missing ones the caller counted. */
  summary(nullCount: number): NumericDistribution['summary'] {
    const count = this.#count;
    const stddev = count > 1 ? Math.sqrt(this.#sumOfSquaredDeviations / (count - 1)) : 0;
    return { count, nullCount, min: this.#min, max: this.#max, mean: this.#mean, stddev };
  }

  /**
   * An equal-width histogram from min to max (the last bin includes max); one bin when all
   * values are equal or the range is not finite.
   */
  histogram(bins: number): NumericDistribution['histogram'] {
    const min = this.#min;
    const max = this.#max;
    const binCount = min === max || !Number.isFinite(max - min) ? 1 : bins;
    const width = binCount === 1 ? 0 : (max - min) / binCount;
    const binEdges = Array.from({ length: binCount + 1 }, (_edge, index) => (index === binCount ? max : min + index * width));
    const counts = new Array<number>(binCount).fill(0);
    if (binCount === 1) {
      counts[0] = this.#count;
      return { binEdges, counts };
    }
    this.#forEachValue((value, count) => {
      // A sketched value may sit a hair outside [min, max]: it belongs to the outer bin.
      const index = Math.max(0, Math.min(binCount - 1, Math.floor((value - min) / width)));
      counts[index]! += count;
    });
    return { binEdges, counts };
  }

  /**
   * The cumulative distribution at up to `maxPoints` points: every distinct value while they
   * are counted exactly and no more than `maxPoints`, else evenly spaced ranks (the first
   * point is min, the last max). Undefined for no values, or a sketched infinite range.
   */
  cdf(maxPoints: number = cdfPointLimit): NonNullable<NumericDistribution['cdf']> | undefined {
    if (this.#count === 0 || (!this.#exactCounts && !Number.isFinite(this.#max - this.#min))) return undefined;
    const entries: [value: number, count: number][] = [];
    this.#forEachValue((value, count) => entries.push([value, count]));
    entries.sort((a, b) => a[0] - b[0]);
    const values: number[] = [];
    const counts: number[] = [];
    const isComplete = this.#exactCounts !== undefined && entries.length <= maxPoints;
    let cumulative = 0;
    let nextPoint = 0;
    for (const [value, count] of entries) {
      cumulative += count;
      // The rank the next point stands for: point i of maxPoints covers i / (maxPoints − 1) of the values.
      if (!isComplete && cumulative < Math.max(1, Math.ceil((this.#count * nextPoint) / (maxPoints - 1)))) continue;
      // A sketch bucket's representative may sit a hair outside [min, max].
      const clamped = Math.min(this.#max, Math.max(this.#min, value));
      if (values.length > 0 && clamped <= values[values.length - 1]!) counts[counts.length - 1] = cumulative;
      else {
        values.push(clamped);
        counts.push(cumulative);
      }
      while (!isComplete && nextPoint < maxPoints && cumulative >= Math.ceil((this.#count * nextPoint) / (maxPoints - 1))) nextPoint++;
    }
    values[0] = this.#min;
    values[values.length - 1] = this.#max;
    counts[counts.length - 1] = this.#count;
    return { values, counts, isComplete };
  }

  /** Calls `visit` with each distinct value (or a sketch bucket's representative) and its count. */
  #forEachValue(visit: (value: number, count: number) => void): void {
    if (this.#exactCounts) {
      for (const [value, count] of this.#exactCounts) visit(value, count);
      return;
    }
    const sketch = this.#sketch;
    const origin = this.#origin;
    if (!sketch || origin === undefined) return;
    const { store, negativeStore, mapping } = sketch;
    for (let key = store.minKey; key <= store.maxKey; key++) {
      const count = store.bins[key - store.offset];
      if (count) visit(origin + mapping.value(key), count);
    }
    for (let key = negativeStore.minKey; key <= negativeStore.maxKey; key++) {
      const count = negativeStore.bins[key - negativeStore.offset];
      if (count) visit(origin - mapping.value(key), count);
    }
    if (sketch.zeroCount > 0) visit(origin, sketch.zeroCount);
  }

  #moveExactCountsToSketch(exactCounts: Map<number, number>): void {
    this.#exactCounts = undefined;
    this.#sketch = new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: numericRelativeAccuracy, binLimit: sketchBinLimit });
    for (const [value, count] of exactCounts) this.#addToSketch(value, count);
  }

  #addToSketch(value: number, count: number): void {
    this.#origin ??= value;
    const distance = value - this.#origin;
    // A distance that overflows means an infinite range, drawn as one bin without the sketch.
    if (Number.isFinite(distance)) this.#sketch!.accept(distance, count);
  }
}
