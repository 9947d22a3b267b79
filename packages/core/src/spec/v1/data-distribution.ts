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
}

/** The distribution of one column of a data set. */
export type DataDistribution = CategoricalDistribution | NumericDistribution;
