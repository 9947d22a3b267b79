import {
  dataSetFields,
  deploymentFields,
  deploymentTargetFields,
  experimentFields,
  modelVersionFields,
  registeredModelFields,
  runArtifactFields,
  runFields,
  uuidv7,
  type DataSet,
  type Deployment,
  type DeploymentTarget,
  type Experiment,
  type Metric,
  type NewModelVersion,
  type RegisteredModel,
  type RunArtifact,
  type RunInfo,
} from '@mlops-ts/core';

/*
 * Records as a store receives them, with valid defaults (fresh UUID v7 ids, the current
 * time, no tags), so a test names only the fields it is about. Nullable and defaulted
 * fields take their values from the core's field registry, so a field added to an entity
 * with a default changes nothing here or in the tests.
 *
 * Ids that point at other records (`experimentId`, `runId` …) default to fresh ids that
 * exist nowhere: pass the stored record's id when the store must find it.
 */

/** An experiment named `experiment-<unique suffix>`, created now. */
export function newExperimentRecord(overrides: Partial<Experiment> = {}): Experiment {
  const id = overrides.id ?? uuidv7();
  return { ...experimentFields.defaults, id, name: `experiment-${id.slice(-12)}`, tags: {}, createdAt: Date.now(), ...overrides };
}

/** A running run started now, without name, commit, parent or tags. */
export function newRunRecord(overrides: Partial<RunInfo> = {}): RunInfo {
  return { ...runFields.defaults, id: uuidv7(), experimentId: uuidv7(), status: 'running', startTime: Date.now(), tags: {}, ...overrides };
}

/** A metric point `loss` = 0 at step 0, logged now. */
export function newMetricRecord(overrides: Partial<Metric> = {}): Metric {
  return { runId: uuidv7(), key: 'loss', value: 0, step: 0, timestamp: Date.now(), ...overrides };
}

/**
 * `count` points of the metrics 'acc' and 'loss' of a run that make summaries of a history
 * hard to keep: negative steps, many equal values, NaN, ±Infinity and -0, in no step order.
 */
export function awkwardMetricPoints(runId: string, count = 1_400): Metric[] {
  const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0];
  return Array.from({ length: count }, (_, index) => ({
    runId,
    key: index % 3 === 0 ? 'acc' : 'loss',
    value: index % 97 === 0 ? special[index % 4]! : Math.round(Math.sin(index) * 4),
    step: ((index * 37) % count) - 200,
    timestamp: 1_700_000_000_000,
  }));
}

/** Metadata of a one-byte artifact `model.onnx` (its SHA-256 is that of the byte 0x00). */
export function newRunArtifactRecord(overrides: Partial<RunArtifact> = {}): RunArtifact {
  return {
    ...runArtifactFields.defaults,
    id: uuidv7(),
    runId: uuidv7(),
    name: 'model.onnx',
    sizeBytes: 1,
    sha256: '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    createdAt: Date.now(),
    ...overrides,
  };
}

/** A data set 'data' without rows or columns (its SHA-256 a placeholder), logged now. */
export function newDataSetRecord(overrides: Partial<DataSet> = {}): DataSet {
  return {
    ...dataSetFields.defaults,
    id: uuidv7(),
    runId: uuidv7(),
    name: 'data',
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    rowCount: 0,
    columns: [],
    distributions: [],
    createdAt: Date.now(),
    ...overrides,
  };
}

/** A registered model named `model-<unique suffix>` without description or tags, created now. */
export function newRegisteredModelRecord(overrides: Partial<RegisteredModel> = {}): RegisteredModel {
  const id = overrides.id ?? uuidv7();
  const now = Date.now();
  return { ...registeredModelFields.defaults, id, name: `model-${id.slice(-12)}`, tags: {}, createdAt: now, updatedAt: now, ...overrides };
}

/**
 * A version as `createModelVersion` receives it (the store assigns the number), of the
 * artifact 'model.onnx', registered now by 'ci'.
 */
export function newModelVersionRecord(overrides: Partial<NewModelVersion> = {}): NewModelVersion {
  return {
    ...modelVersionFields.defaults,
    id: uuidv7(),
    registeredModelId: uuidv7(),
    runId: uuidv7(),
    runArtifactId: uuidv7(),
    artifactPath: 'model.onnx',
    registeredBy: 'ci',
    registeredAt: Date.now(),
    tags: {},
    ...overrides,
  };
}

/** A non-production target named `target-<unique suffix>`, created now. */
export function newDeploymentTargetRecord(overrides: Partial<DeploymentTarget> = {}): DeploymentTarget {
  const id = overrides.id ?? uuidv7();
  return { ...deploymentTargetFields.defaults, id, name: `target-${id.slice(-12)}`, isProduction: false, createdAt: Date.now(), ...overrides };
}

/** A deployment of a version by 'ci', now, to a placeholder URI. */
export function newDeploymentRecord(overrides: Partial<Deployment> = {}): Deployment {
  const id = overrides.id ?? uuidv7();
  return {
    ...deploymentFields.defaults,
    id,
    deploymentTargetId: uuidv7(),
    registeredModelId: uuidv7(),
    modelVersionId: uuidv7(),
    deployedBy: 'ci',
    deployedAt: Date.now(),
    uri: `memory://deployments/${id}/model.onnx`,
    ...overrides,
  };
}
