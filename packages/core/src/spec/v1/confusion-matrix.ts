/** The confusion matrix of a classifier's evaluation, with per-class precision and recall. */
export interface ConfusionMatrix {
  /** The run (its id). */
  runId: string;
  /** Class labels, in the order of the rows and columns of `counts`. */
  labels: string[];
  /** counts[actual][predicted], as in ML.NET. */
  counts: number[][];
  /** Per class, in label order; NaN where the class was never predicted. */
  precision: number[];
  /** Per class, in label order; NaN where the class never occurs. */
  recall: number[];
}
