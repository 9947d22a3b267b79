/** The distinct keys used by the runs of an experiment, each list sorted by code point. */
export interface ExperimentKeys {
  /** Hyper-parameter keys. */
  params: string[];
  /** Metric keys. */
  metrics: string[];
  /** Run tag keys (reserved `mlops.*` tags included). */
  tags: string[];
}
