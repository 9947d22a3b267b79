import type {
  ConfusionMatrix,
  DataDistribution,
  DataSet,
  Deployment,
  DeploymentTarget,
  Experiment,
  ModelSchema,
  RegisteredModel,
  RunArtifact,
  RunInfo,
  RunStatus,
  Tags,
} from '@mlops-ts/core';

/** Rows as better-sqlite3 returns them (snake_case columns). */
export interface ExperimentRow {
  id: string;
  name: string;
  description: string | null;
  tags: string;
  created_at: number;
}

export interface RunRow {
  id: string;
  experiment_id: string;
  name: string | null;
  status: string;
  start_time: number;
  end_time: number | null;
  training_time_ms: number | null;
  git_commit: string | null;
  parent_run_id: string | null;
  tags: string;
}

export interface ConfusionMatrixRow {
  run_id: string;
  labels: string;
  counts: string;
  precision: string;
  recall: string;
}

export interface DataSetRow {
  id: string;
  run_id: string;
  name: string;
  sha256: string;
  row_count: number;
  columns: string;
  created_at: number;
}

export interface RunArtifactRow {
  id: string;
  run_id: string;
  name: string;
  size_bytes: number;
  sha256: string;
  created_at: number;
}

export interface ModelSchemaRow {
  run_id: string;
  inputs: string;
  outputs: string;
}

export interface RegisteredModelRow {
  id: string;
  experiment_id: string;
  run_id: string;
  run_artifact_id: string;
  version: number;
  registered_by: string;
  registered_at: number;
  description: string | null;
  tags: string;
}

export interface DeploymentTargetRow {
  id: string;
  name: string;
  is_production: number;
  created_at: number;
}

export interface DeploymentRow {
  id: string;
  deployment_target_id: string;
  registered_model_id: string;
  experiment_id: string;
  deployed_by: string;
  deployed_at: number;
  uri: string;
}

/*
 * JSON cannot hold NaN or ±Infinity (JSON.stringify writes null), yet precision, recall
 * and distribution summaries contain them. They are written as {"$float":"NaN"} and
 * read back as numbers; no stored structure has objects of that shape otherwise.
 */
const nonFiniteMarker = '$float';

/** JSON text for `value`, keeping NaN and ±Infinity. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'number' && !Number.isFinite(item) ? { [nonFiniteMarker]: String(item) } : item,
  );
}

/** Parses text written by `toJson`. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, item: unknown) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const marked = (item as Record<string, unknown>)[nonFiniteMarker];
      if (typeof marked === 'string' && Object.keys(item).length === 1) return Number(marked);
    }
    return item;
  }) as T;
}

/** Metric values are stored as doubles, with NULL standing for NaN (SQLite has no NaN). */
export function toStoredMetricValue(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** Reverses `toStoredMetricValue`. */
export function fromStoredMetricValue(value: number | null): number {
  return value === null ? Number.NaN : value;
}

export function toExperiment(row: ExperimentRow): Experiment {
  return { id: row.id, name: row.name, description: row.description, tags: fromJson<Tags>(row.tags), createdAt: row.created_at };
}

export function toRunInfo(row: RunRow): RunInfo {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    name: row.name,
    status: row.status as RunStatus,
    startTime: row.start_time,
    endTime: row.end_time,
    trainingTimeMs: row.training_time_ms,
    gitCommit: row.git_commit,
    parentRunId: row.parent_run_id,
    tags: fromJson<Tags>(row.tags),
  };
}

export function toConfusionMatrix(row: ConfusionMatrixRow): ConfusionMatrix {
  return {
    runId: row.run_id,
    labels: fromJson<string[]>(row.labels),
    counts: fromJson<number[][]>(row.counts),
    precision: fromJson<number[]>(row.precision),
    recall: fromJson<number[]>(row.recall),
  };
}

export function toDataSet(row: DataSetRow, distributions: DataDistribution[]): DataSet {
  return {
    id: row.id,
    runId: row.run_id,
    name: row.name,
    sha256: row.sha256,
    rowCount: row.row_count,
    columns: fromJson<DataSet['columns']>(row.columns),
    distributions,
    createdAt: row.created_at,
  };
}

export function toRunArtifact(row: RunArtifactRow): RunArtifact {
  return { id: row.id, runId: row.run_id, name: row.name, sizeBytes: row.size_bytes, sha256: row.sha256, createdAt: row.created_at };
}

export function toModelSchema(row: ModelSchemaRow): ModelSchema {
  return { runId: row.run_id, inputs: fromJson<ModelSchema['inputs']>(row.inputs), outputs: fromJson<ModelSchema['outputs']>(row.outputs) };
}

export function toRegisteredModel(row: RegisteredModelRow): RegisteredModel {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    runId: row.run_id,
    runArtifactId: row.run_artifact_id,
    version: row.version,
    registeredBy: row.registered_by,
    registeredAt: row.registered_at,
    description: row.description,
    tags: fromJson<Tags>(row.tags),
  };
}

export function toDeploymentTarget(row: DeploymentTargetRow): DeploymentTarget {
  return { id: row.id, name: row.name, isProduction: row.is_production !== 0, createdAt: row.created_at };
}

export function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    deploymentTargetId: row.deployment_target_id,
    registeredModelId: row.registered_model_id,
    experimentId: row.experiment_id,
    deployedBy: row.deployed_by,
    deployedAt: row.deployed_at,
    uri: row.uri,
  };
}
