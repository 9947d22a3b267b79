/** A hyper-parameter of a run. Logging a key again with the same value is a no-op; with another value it is CONFLICT. */
export interface Param {
  /** The run (its id). */
  runId: string;
  /** The parameter's name, 1 to 250 characters. */
  key: string;
  /** The value, as a string. */
  value: string;
}
