/** The value counts of a categorical column. */
export interface CategoricalDistribution {
  /** The column's name. */
  column: string;
  /** Always 'categorical'. */
  kind: 'categorical';
  /** Most frequent first. Values are stringified; null counts as 'null'. */
  valueCounts: { value: string; count: number }[];
  /**
   * Rows whose value is not listed in `valueCounts`, because the column had more distinct
   * values than the cap (`maxCategories`, default 1000). Absent when every value is listed.
   */
  otherCount?: number;
}

/** A numeric column's summary and histogram. */
export interface NumericDistribution {
  /** The column's name. */
  column: string;
  /** Always 'numeric'. */
  kind: 'numeric';
  /** Statistics over the non-null values (`count`), with the nulls counted apart (`nullCount`). */
  summary: {
    count: number;
    nullCount: number;
    min: number;
    max: number;
    mean: number;
    stddev: number;
  };
  /** `binEdges` has one more entry than `counts`; the last bin includes its upper edge. */
  histogram: { binEdges: number[]; counts: number[] };
  /**
   * The cumulative distribution at up to 201 points, which drift tests read (see the core
   * README, "Drift and monitoring"): `counts[i]` values are at most `values[i]`. When
   * `isComplete`, `values` lists every distinct value of the column; otherwise one value per
   * half percentile, the first being `min` and the last `max`, placed within the histogram's
   * accuracy. Absent on distributions logged by earlier versions, and for a column with
   * infinite values past 4,096 distinct ones.
   */
  cdf?: { values: number[]; counts: number[]; isComplete: boolean };
}

/** The distribution of one column of a data set. */
export type DataDistribution = CategoricalDistribution | NumericDistribution;
