/** Limits a metric history read to a range of steps (both ends inclusive). */
export interface MetricHistoryRange {
  /** First step to include. Default: no lower bound. */
  startStep?: number;
  /** Last step to include. Default: no upper bound. */
  endStep?: number;
}
