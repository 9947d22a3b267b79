import {
  deploymentTargetFields,
  experimentFields,
  runArtifactFields,
  runFields,
  type ConfusionMatrix,
  type DataSet,
  type DeploymentTarget,
  type Experiment,
  type ModelSchema,
  type PackageDependency,
  type Run,
  type RunArtifact,
  type RunInfo,
  type Tags,
} from '@mlops-ts/core';
import { artifactItemId, dataSetItemId, fixedItemIds } from './document-ids.js';
import { decodeMetricValue, decodeNonFiniteNumbers, encodeNonFiniteNumbers, type StoredMetricValue } from './stored-numbers.js';

/**
 * The items the store keeps, one interface per `type`, and their mapping to and from the
 * entities of `@mlops-ts/core`. Cosmos DB adds `_etag`, `_ts` and other system properties;
 * the mappers copy only the fields of the core's field registry (plus tags and structured
 * values), so nothing of the item leaks out, and an item written before a field existed
 * reads with the field's default.
 */

/** System properties Cosmos DB adds to every item; `_etag` drives optimistic concurrency. */
export interface SystemProperties {
  _etag?: string;
}

// ------------------------------------------------------------------ catalog container (/id)

/** An experiment, under its own id. */
export interface ExperimentItem extends SystemProperties, Experiment {
  type: 'experiment';
}

/** Reserves an experiment name; holds the experiment, so listing and lookup by name need no second read. */
export interface ExperimentNameClaimItem extends SystemProperties {
  id: string;
  type: 'experiment-name';
  record: Experiment;
}

/** A deployment target, under its own id. */
export interface DeploymentTargetItem extends SystemProperties, DeploymentTarget {
  type: 'deployment-target';
}

/** Reserves a deployment target name; holds the target. */
export interface DeploymentTargetNameClaimItem extends SystemProperties {
  id: string;
  type: 'deployment-target-name';
  record: DeploymentTarget;
}

// ------------------------------------------------------------------ runs container (/runId)

/** Step and timestamp of the point that is a metric's latest value. */
export type MetricPosition = [step: number, timestamp: number];

/** A run with its tags, params and the latest value of each metric: everything `getRun` returns. */
export interface RunItem extends SystemProperties, Omit<RunInfo, 'id'> {
  /** The run id (item id and partition key). */
  id: string;
  runId: string;
  type: 'run';
  params: Record<string, string>;
  /** Latest value per metric key (see `StoredMetricValue`). */
  metrics: Record<string, StoredMetricValue>;
  /** Step and timestamp of each latest value, to merge new points. */
  metricPositions: Record<string, MetricPosition>;
  /** Metric batches committed so far; numbers the points items and orders equal points. */
  metricSequence: number;
}

/** Up to a few thousand points of one metric key, written by one metric batch. */
export interface MetricPointsItem extends SystemProperties {
  id: string;
  runId: string;
  type: 'metric-points';
  /** The metric's key (not `key`: short property names risk clashing with query keywords). */
  metricKey: string;
  /** The run's metric batch that wrote it (`RunItem.metricSequence` after the batch). */
  sequence: number;
  /** Position among the items of that batch. */
  part: number;
  minStep: number;
  maxStep: number;
  steps: number[];
  metricValues: StoredMetricValue[];
  timestamps: number[];
}

/** Any item of a run's partition other than the run and its metric points. */
export interface RunChildItem extends SystemProperties {
  id: string;
  runId: string;
  type: 'confusion-matrix' | 'data-set' | 'run-artifact' | 'model-schema' | 'package-dependencies';
}

// ------------------------------------------------------------------ mappers

export function toExperiment(item: Experiment): Experiment {
  return { ...experimentFields.readStored(item), tags: { ...item.tags } };
}

export function toDeploymentTarget(item: DeploymentTarget): DeploymentTarget {
  return deploymentTargetFields.readStored(item);
}

/** A new run's item: no params, metrics or metric batches yet. */
export function toRunItem(run: RunInfo): RunItem {
  return {
    ...runFields.pick(run),
    runId: run.id,
    type: 'run',
    tags: { ...run.tags },
    params: {},
    metrics: {},
    metricPositions: {},
    metricSequence: 0,
  };
}

export function toRun(item: RunItem): Run {
  return {
    ...runFields.readStored(item),
    tags: { ...item.tags },
    params: { ...item.params },
    metrics: Object.fromEntries(Object.entries(item.metrics).map(([key, value]) => [key, decodeMetricValue(value)])),
  };
}

/** Copies a tag record into a fresh object with own properties only (a key such as '__proto__' stays data). */
export function mergeTags(stored: Tags, added: Tags): Tags {
  return Object.fromEntries([...Object.entries(stored), ...Object.entries(added)]);
}

export function toConfusionMatrixItem(matrix: ConfusionMatrix): RunChildItem & { matrix: unknown } {
  return { id: fixedItemIds.confusionMatrix, runId: matrix.runId, type: 'confusion-matrix', matrix: encodeNonFiniteNumbers(matrix) };
}

export function toConfusionMatrix(item: { matrix: unknown }): ConfusionMatrix {
  const { runId, labels, counts, precision, recall } = decodeNonFiniteNumbers<ConfusionMatrix>(item.matrix);
  return { runId, labels, counts, precision, recall };
}

export function toDataSetItem(dataSet: DataSet): RunChildItem & { name: string; createdAt: number; dataSet: unknown } {
  return {
    id: dataSetItemId(dataSet.name),
    runId: dataSet.runId,
    type: 'data-set',
    name: dataSet.name,
    createdAt: dataSet.createdAt,
    dataSet: encodeNonFiniteNumbers(dataSet),
  };
}

export function toDataSet(item: { dataSet: unknown }): DataSet {
  const { id, runId, name, sha256, rowCount, columns, distributions, createdAt } = decodeNonFiniteNumbers<DataSet>(item.dataSet);
  return { id, runId, name, sha256, rowCount, columns, distributions, createdAt };
}

/** An artifact's item: named by the artifact's name (one per name and run), its id kept as `artifactId`. */
export interface RunArtifactItem extends RunChildItem, Omit<RunArtifact, 'id'> {
  artifactId: string;
}

export function toRunArtifactItem(artifact: RunArtifact): RunArtifactItem {
  return { ...runArtifactFields.pick(artifact), id: artifactItemId(artifact.name), type: 'run-artifact', artifactId: artifact.id };
}

export function toRunArtifact(item: RunArtifactItem): RunArtifact {
  return runArtifactFields.readStored({ ...item, id: item.artifactId });
}

export function toModelSchemaItem(schema: ModelSchema): RunChildItem & { schema: ModelSchema } {
  return { id: fixedItemIds.modelSchema, runId: schema.runId, type: 'model-schema', schema: structuredClone(schema) };
}

export function toModelSchema(item: { schema: ModelSchema }): ModelSchema {
  return { runId: item.schema.runId, inputs: structuredClone(item.schema.inputs), outputs: structuredClone(item.schema.outputs) };
}

export function toPackageDependenciesItem(
  runId: string,
  dependencies: Omit<PackageDependency, 'runId'>[],
): RunChildItem & { dependencies: { name: string; version: string }[] } {
  // The last version given for a name wins, as a Map keeps it.
  const byName = new Map(dependencies.map(({ name, version }) => [name, version]));
  return {
    id: fixedItemIds.packageDependencies,
    runId,
    type: 'package-dependencies',
    dependencies: [...byName].map(([name, version]) => ({ name, version })),
  };
}
