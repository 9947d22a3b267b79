import type { CategoricalDistribution, DataDistribution, NumericDistribution } from '../spec/v1/index.js';
import { CategoryCounter } from './category-counter.js';
import { categoryOf } from './column-values.js';
import { NumericSketch } from './numeric-sketch.js';

/**
 * One column's distribution built value by value in bounded memory: a numeric summary,
 * histogram and cumulative distribution while every non-null value is a number (see
 * `NumericSketch`), else the most frequent values (see `CategoryCounter`).
 */
export class DistributionBuilder {
  readonly #numbers = new NumericSketch();
  // Counted for every column: a non-number late in a numeric-looking column makes it categorical.
  readonly #categories: CategoryCounter;
  #isNumeric = true;
  #nullCount = 0;

  constructor(
    readonly column: string,
    private readonly options: { bins: number; maxCategories: number },
  ) {
    this.#categories = new CategoryCounter(options.maxCategories);
  }

  /** Adds the column's value of one row; NaN counts as missing. */
  add(value: unknown, rowIndex: number): void {
    this.#categories.add(categoryOf(value, this.column, rowIndex));
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) this.#nullCount++;
    else if (typeof value === 'number') {
      if (this.#isNumeric) this.#numbers.add(value);
    } else this.#isNumeric = false;
  }

  build(): DataDistribution {
    const { column } = this;
    if (this.#isNumeric && this.#numbers.count > 0) {
      const distribution: NumericDistribution = { column, kind: 'numeric', summary: this.#numbers.summary(this.#nullCount), histogram: this.#numbers.histogram(this.options.bins) };
      const cdf = this.#numbers.cdf();
      return cdf ? { ...distribution, cdf } : distribution;
    }
    return { column, kind: 'categorical', ...this.#categories.valueCounts() } satisfies CategoricalDistribution;
  }
}
