import {
  dataSetFields,
  deploymentTargetFields,
  runArtifactFields,
  runFields,
  type ConfusionMatrix,
  type DataDistribution,
  type DataSet,
  type DeploymentTarget,
  type ModelSchema,
  type RunArtifact,
  type RunInfo,
  type Tags,
} from '@mlops-ts/core';
import { mapRow } from './entity-rows.js';
import { fromJson } from './json-values.js';

/*
 * Entities from rows as drivers return them (snake_case columns). Scalar fields map
 * through the core's field registry (`mapRow`); structured values are JSON text with NaN
 * and ±Infinity kept.
 */

/** A row of any table: columns by name. */
export type Row = Readonly<Record<string, unknown>>;

export interface ConfusionMatrixRow {
  labels: string;
  counts: string;
  precision: string;
  recall: string;
}

export function toRunInfo(row: Row, tags: Tags = {}): RunInfo {
  return { ...mapRow(runFields, row), tags };
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

export function toDataSet(row: Row, distributions: DataDistribution[]): DataSet {
  return { ...mapRow(dataSetFields, row), columns: fromJson<DataSet['columns']>(row.columns as string), distributions };
}

export function toRunArtifact(row: Row): RunArtifact {
  return mapRow(runArtifactFields, row);
}

export function toModelSchema(runId: string, row: { inputs: string; outputs: string }): ModelSchema {
  return { runId, inputs: fromJson<ModelSchema['inputs']>(row.inputs), outputs: fromJson<ModelSchema['outputs']>(row.outputs) };
}

export function toDeploymentTarget(row: Row): DeploymentTarget {
  return mapRow(deploymentTargetFields, row);
}
