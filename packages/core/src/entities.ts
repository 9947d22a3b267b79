/** String key/value labels on experiments, runs and registered models. */
export type Tags = Record<string, string>;

export interface Experiment {
  /** UUID v7. */
  id: string;
  /** Unique across the store. */
  name: string;
  description: string | null;
  tags: Tags;
  /** Epoch milliseconds. */
  createdAt: number;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'killed';
export const runStatuses: readonly RunStatus[] = ['running', 'finished', 'failed', 'killed'];

/** A run as stored, without its params and metrics. */
export interface RunInfo {
  id: string;
  experimentId: string;
  name: string | null;
  status: RunStatus;
  /** Epoch milliseconds. */
  startTime: number;
  /** Epoch milliseconds; null while running. */
  endTime: number | null;
  trainingTimeMs: number | null;
  gitCommit: string | null;
  parentRunId: string | null;
  tags: Tags;
}

/** A run with its hyper-parameters and the latest value of each metric. */
export interface Run extends RunInfo {
  params: Record<string, string>;
  /** Latest point per key: highest step, then latest timestamp. */
  metrics: Record<string, number>;
}

export interface Param {
  runId: string;
  key: string;
  value: string;
}

export interface Metric {
  runId: string;
  key: string;
  /** float64; NaN and ±Infinity are kept. */
  value: number;
  /** Integer, default 0. */
  step: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

export interface ConfusionMatrix {
  runId: string;
  labels: string[];
  /** counts[actual][predicted], as in ML.NET. */
  counts: number[][];
  /** Per class, in label order; NaN where the class was never predicted. */
  precision: number[];
  /** Per class, in label order; NaN where the class never occurs. */
  recall: number[];
}

export type ColumnType = 'number' | 'string' | 'boolean' | 'date' | 'null' | 'mixed';

export interface DataColumn {
  name: string;
  type: ColumnType;
}

export interface CategoricalDistribution {
  column: string;
  kind: 'categorical';
  /** Most frequent first. Values are stringified; null counts as 'null'. */
  valueCounts: { value: string; count: number }[];
}

export interface NumericDistribution {
  column: string;
  kind: 'numeric';
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

export type DataDistribution = CategoricalDistribution | NumericDistribution;

/** A data set a run was trained or evaluated on. */
export interface DataSet {
  id: string;
  runId: string;
  /** Unique per run; default 'data'. */
  name: string;
  /** SHA-256 (hex) of the canonical encoding; see README "Data hashing". */
  sha256: string;
  rowCount: number;
  columns: DataColumn[];
  distributions: DataDistribution[];
  createdAt: number;
}

export interface RunArtifact {
  id: string;
  runId: string;
  /** A relative path inside the run's folder, e.g. 'model.onnx'. */
  name: string;
  sizeBytes: number;
  /** SHA-256 hex of the content. */
  sha256: string;
  createdAt: number;
}

export interface TensorSpec {
  name: string;
  /** e.g. 'float32', 'int64', 'string'. */
  elementType: string;
  /** Dimensions; a string or null marks a symbolic/unknown dimension. */
  shape: (number | string | null)[];
}

export interface ModelSchema {
  runId: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export interface PackageDependency {
  runId: string;
  name: string;
  version: string;
}

export interface RegisteredModel {
  id: string;
  experimentId: string;
  runId: string;
  runArtifactId: string;
  /** 1, 2, 3 … per experiment, never reused. */
  version: number;
  registeredBy: string;
  registeredAt: number;
  description: string | null;
  tags: Tags;
}

export interface DeploymentTarget {
  id: string;
  /** Unique across the store. */
  name: string;
  isProduction: boolean;
  createdAt: number;
}

export interface Deployment {
  id: string;
  deploymentTargetId: string;
  registeredModelId: string;
  experimentId: string;
  deployedBy: string;
  deployedAt: number;
  /** Where the target's copy of the model lives (the repository's URI for its key). */
  uri: string;
}
