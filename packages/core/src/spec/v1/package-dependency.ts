/** A package a run's code depended on, with its version. */
export interface PackageDependency {
  /** The run (its id). */
  runId: string;
  /** The package's name, e.g. 'onnxruntime-node'; unique per run. */
  name: string;
  /** Its version, e.g. '1.30.0'. */
  version: string;
}
