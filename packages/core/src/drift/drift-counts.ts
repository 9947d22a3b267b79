import { CategoryCounter } from '../catalogs/category-counter.js';
import { categoryOf } from '../catalogs/column-values.js';
import type { CategoricalReference, NumericReference } from './column-reference.js';

/**
 * Current values of a numeric column, counted against the reference's points x₀ < … < xₘ₋₁:
 * `cells[2k + 1]` holds the values equal to xₖ, `cells[2k]` those strictly between xₖ₋₁ and
 * xₖ (`cells[0]` below x₀, `cells[2m]` above the last point). Enough for every statistic, in
 * memory that does not grow with the rows.
 */
export interface NumericCounts {
  cells: ArrayLike<number>;
  /** Numbers counted (missing and invalid values aside). */
  count: number;
  /** null, undefined or NaN. */
  missingCount: number;
  /** Values that are not numbers (strings, booleans, dates, objects). */
  invalidCount: number;
  /** Mean of the numbers counted; NaN when none. */
  mean: number;
}

/** Current values of a categorical column: counts of the reference's values, and of the others. */
export interface CategoricalCounts {
  /** Parallel to the reference's `values`. */
  counts: ArrayLike<number>;
  /** Values the reference does not list, most frequent first (bounded), and the rows of those not listed here. */
  unseen: { valueCounts: { value: string; count: number }[]; otherCount: number };
  /** Rows counted. */
  count: number;
}

/** Counts one numeric column of streamed rows (see `NumericCounts`). */
export class NumericDriftCounter implements NumericCounts {
  readonly cells: Float64Array;
  count = 0;
  missingCount = 0;
  invalidCount = 0;
  #sum = 0;
  readonly #points: Float64Array;

  constructor(reference: NumericReference) {
    this.#points = Float64Array.from(reference.points, (point) => point.value);
    this.cells = new Float64Array(2 * this.#points.length + 1);
  }

  get mean(): number {
    return this.count === 0 ? Number.NaN : this.#sum / this.count;
  }

  add(value: unknown): void {
    if (typeof value !== 'number') {
      if (value === null || value === undefined) this.missingCount++;
      else this.invalidCount++;
      return;
    }
    if (Number.isNaN(value)) {
      this.missingCount++;
      return;
    }
    this.count++;
    this.#sum += value;
    // Binary search for the first point ≥ value.
    const points = this.#points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (points[middle]! < value) low = middle + 1;
      else high = middle;
    }
    this.cells[low < points.length && points[low] === value ? 2 * low + 1 : 2 * low]!++;
  }
}

/** Counts one categorical column of streamed rows (see `CategoricalCounts`). */
export class CategoricalDriftCounter implements CategoricalCounts {
  readonly counts: Float64Array;
  count = 0;
  readonly #indexOf: Map<string, number>;
  readonly #unseen: CategoryCounter;

  constructor(
    private readonly reference: CategoricalReference,
    maxUnseenValues: number,
  ) {
    this.counts = new Float64Array(reference.values.length);
    this.#indexOf = new Map(reference.values.map((value, index) => [value, index]));
    this.#unseen = new CategoryCounter(maxUnseenValues);
  }

  get unseen(): CategoricalCounts['unseen'] {
    const { valueCounts, otherCount } = this.#unseen.valueCounts();
    return { valueCounts, otherCount: otherCount ?? 0 };
  }

  add(value: unknown, rowIndex: number): void {
    this.count++;
    const category = categoryOf(value, this.reference.column, rowIndex);
    const index = this.#indexOf.get(category);
    if (index === undefined) this.#unseen.add(category);
    else this.counts[index]!++;
  }
}
