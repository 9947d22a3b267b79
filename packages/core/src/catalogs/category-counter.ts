import type { CategoricalDistribution } from '../spec/v1/index.js';

/**
 * Value counts of a column in bounded memory, by the Misra–Gries frequent-items summary with
 * the batched reduction of Agarwal et al., "Mergeable Summaries" (PODS 2012). At most
 * 2 × `capacity` values are tracked; when one more arrives, every count drops by the
 * (`capacity` + 1)-th largest and the values left at zero are forgotten, which leaves at most
 * `capacity` values and costs O(log capacity) a row on average.
 *
 * Guarantees: while no more than 2 × `capacity` distinct values were seen, every count is
 * exact. Otherwise each listed count is at most `rows / (capacity + 1)` below the true one and
 * never above it, and every value found in more than that share of the rows is listed.
 */
export class CategoryCounter {
  readonly #capacity: number;
  readonly #counts = new Map<string, number>();
  #rows = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  add(value: string): void {
    this.#rows++;
    const count = this.#counts.get(value);
    if (count !== undefined) {
      this.#counts.set(value, count + 1);
      return;
    }
    this.#counts.set(value, 1);
    if (this.#counts.size > 2 * this.#capacity) this.#reduce();
  }

  /** The `capacity` most frequent values, most frequent first, and the rows not listed. */
  valueCounts(): Pick<CategoricalDistribution, 'valueCounts' | 'otherCount'> {
    const sorted = [...this.#counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    const valueCounts = sorted.slice(0, this.#capacity);
    const otherCount = this.#rows - valueCounts.reduce((sum, entry) => sum + entry.count, 0);
    return otherCount > 0 ? { valueCounts, otherCount } : { valueCounts };
  }

  #reduce(): void {
    const threshold = [...this.#counts.values()].sort((a, b) => b - a)[this.#capacity]!;
    for (const [value, count] of this.#counts) {
      if (count <= threshold) this.#counts.delete(value);
      else this.#counts.set(value, count - threshold);
    }
  }
}
