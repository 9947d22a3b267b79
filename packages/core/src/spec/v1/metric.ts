/** One logged point of a metric; every point is history. */
export interface Metric {
  /** The run (its id). */
  runId: string;
  /** The metric's name, 1 to 250 characters. */
  key: string;
  /** float64; NaN and ±Infinity are kept. */
  value: number;
  /** An integer position such as the epoch; default 0. */
  step: number;
  /** When the point was logged, epoch milliseconds; default the time of the call. */
  timestamp: number;
}
