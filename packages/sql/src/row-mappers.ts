import type {
  ConfusionMatrix,
  DataDistribution,
  DataSet,
  Deployment,
  DeploymentTarget,
  ModelSchema,
  RegisteredModel,
  RunArtifact,
  RunInfo,
  RunStatus,
  Tags,
} from '@mlops-ts/core';
import { fromJson } from './json-values.js';

/*
 * Rows as drivers return them (snake_case columns). Integer columns may arrive as
 * strings (64-bit integers from pg or mssql) and flags as booleans (SQL Server's bit),
 * so mappers convert with Number() and Boolean().
 */

/** The columns of `runs`, as every run query selects them. */
export const runColumns = 'id, experiment_id, name, status, start_time, end_time, training_time_ms, git_commit, parent_run_id';

export interface RunRow {
  id: string;
  experiment_id: string;
  name: string | null;
  status: string;
  start_time: number | string;
  end_time: number | string | null;
  training_time_ms: number | null;
  git_commit: string | null;
  parent_run_id: string | null;
}

export interface ExperimentRow {
  id: string;
  name: string;
  description: string | null;
  created_at: number | string;
}

export interface ConfusionMatrixRow {
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
  row_count: number | string;
  columns: string;
  created_at: number | string;
}

export interface RunArtifactRow {
  id: string;
  run_id: string;
  name: string;
  size_bytes: number | string;
  sha256: string;
  created_at: number | string;
}

export interface RegisteredModelRow {
  id: string;
  experiment_id: string;
  run_id: string;
  run_artifact_id: string;
  version: number | string;
  registered_by: string;
  registered_at: number | string;
  description: string | null;
  tags: string;
}

export interface DeploymentTargetRow {
  id: string;
  name: string;
  is_production: number | boolean;
  created_at: number | string;
}

export interface DeploymentRow {
  id: string;
  deployment_target_id: string;
  registered_model_id: string;
  experiment_id: string;
  deployed_by: string;
  deployed_at: number | string;
  uri: string;
}

/** A nullable integer column as a number or null. */
function toNumberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

export function toRunInfo(row: RunRow, tags: Tags = {}): RunInfo {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    name: row.name,
    status: row.status as RunStatus,
    startTime: Number(row.start_time),
    endTime: toNumberOrNull(row.end_time),
    trainingTimeMs: row.training_time_ms === null ? null : Number(row.training_time_ms),
    gitCommit: row.git_commit,
    parentRunId: row.parent_run_id,
    tags,
  };
}

export function toConfusionMatrix(runId: string, row: ConfusionMatrixRow): ConfusionMatrix {
  return {
    runId,
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
    rowCount: Number(row.row_count),
    columns: fromJson<DataSet['columns']>(row.columns),
    distributions,
    createdAt: Number(row.created_at),
  };
}

export function toRunArtifact(row: RunArtifactRow): RunArtifact {
  return {
    id: row.id,
    runId: row.run_id,
    name: row.name,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    createdAt: Number(row.created_at),
  };
}

export function toModelSchema(runId: string, row: { inputs: string; outputs: string }): ModelSchema {
  return { runId, inputs: fromJson<ModelSchema['inputs']>(row.inputs), outputs: fromJson<ModelSchema['outputs']>(row.outputs) };
}

export function toRegisteredModel(row: RegisteredModelRow): RegisteredModel {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    runId: row.run_id,
    runArtifactId: row.run_artifact_id,
    version: Number(row.version),
    registeredBy: row.registered_by,
    registeredAt: Number(row.registered_at),
    description: row.description,
    tags: fromJson<Tags>(row.tags),
  };
}

export function toDeploymentTarget(row: DeploymentTargetRow): DeploymentTarget {
  return { id: row.id, name: row.name, isProduction: Boolean(Number(row.is_production)), createdAt: Number(row.created_at) };
}

export function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: row.id,
    deploymentTargetId: row.deployment_target_id,
    registeredModelId: row.registered_model_id,
    experimentId: row.experiment_id,
    deployedBy: row.deployed_by,
    deployedAt: Number(row.deployed_at),
    uri: row.uri,
  };
}
