import { runContextTags, type Experiment, type Metric, type ModelVersion, type RegisteredModel, type Run, type RunInfo, type Tags } from '@mlops-ts/core';
import { experimentArtifactLocation, runArtifactUri, type MlflowExperimentIds } from './mlflow-ids.js';
import { mlflowRunStatus, tagListOf } from './mlflow-schemas.js';

// The core's records as MLflow's messages (service.proto, model_registry.proto). Repeated
// fields are always present (an empty list when there is nothing); optional fields with no
// value are left out, as proto JSON leaves them out. Non-finite doubles become "NaN",
// "Infinity" and "-Infinity" in the server's serialization hook.

/** MLflow's reserved tags this server keeps in step with the core's fields. */
export const mlflowTags = {
  runName: 'mlflow.runName',
  parentRunId: 'mlflow.parentRunId',
  gitCommit: 'mlflow.source.git.commit',
  user: 'mlflow.user',
  note: 'mlflow.note.content',
  loggedModels: 'mlflow.log-model.history',
} as const;

/** An `Experiment` message. `last_update_time` is the latest of its creation and deletion (the core keeps no other change time). */
export function toMlflowExperiment(experiment: Experiment, ids: MlflowExperimentIds) {
  const id = ids.mlflowIdOf(experiment);
  const tags: Tags = { ...experiment.tags };
  if (experiment.description !== null && tags[mlflowTags.note] === undefined) tags[mlflowTags.note] = experiment.description;
  return {
    experiment_id: id,
    name: experiment.name,
    artifact_location: experimentArtifactLocation(id),
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: Math.max(experiment.createdAt, experiment.deletedAt ?? 0),
    creation_time: experiment.createdAt,
    tags: tagListOf(tags),
  };
}

/** A `RunInfo` message. */
export function toMlflowRunInfo(run: RunInfo, mlflowExperimentId: string) {
  const userId = run.tags[mlflowTags.user] ?? run.tags[runContextTags.user];
  return {
    run_id: run.id,
    run_uuid: run.id,
    ...(run.name === null ? {} : { run_name: run.name }),
    experiment_id: mlflowExperimentId,
    ...(userId === undefined ? {} : { user_id: userId }),
    status: mlflowRunStatus(run.status),
    start_time: run.startTime,
    ...(run.endTime === null ? {} : { end_time: run.endTime }),
    artifact_uri: runArtifactUri(mlflowExperimentId, run.id),
    lifecycle_stage: run.lifecycleStage,
  };
}

/**
 * A `Run` message. Metrics carry the latest point's value (metrics/get-history has every
 * point with its step and timestamp). Runs logged through the core get MLflow's run name,
 * parent and commit tags from its fields.
 */
export function toMlflowRun(run: Run, mlflowExperimentId: string) {
  const tags: Tags = { ...run.tags };
  if (run.name !== null) tags[mlflowTags.runName] ??= run.name;
  if (run.parentRunId !== null) tags[mlflowTags.parentRunId] ??= run.parentRunId;
  if (run.gitCommit !== null) tags[mlflowTags.gitCommit] ??= run.gitCommit;
  return {
    info: toMlflowRunInfo(run, mlflowExperimentId),
    data: {
      metrics: Object.keys(run.metrics)
        .sort()
        .map((key) => ({ key, value: run.metrics[key]! })),
      params: tagListOf(run.params),
      tags: tagListOf(tags),
    },
  };
}

/** A `Metric` message of one logged point. */
export function toMlflowMetric(metric: Metric) {
  return { key: metric.key, value: metric.value, timestamp: metric.timestamp, step: metric.step };
}

/** Where a version's files are, as MLflow names them: the run artifact (or folder) on this server. */
export function modelVersionSource(version: ModelVersion, mlflowExperimentId: string): string {
  const path = version.artifactPath.endsWith('/') ? version.artifactPath.slice(0, -1) : version.artifactPath;
  return `${runArtifactUri(mlflowExperimentId, version.runId)}/${path}`;
}

/**
 * A `ModelVersion` message. Every version is READY (registration copies nothing), stages
 * do not exist here (`current_stage` is always "None"), and the version is a string.
 */
export function toMlflowModelVersion(version: ModelVersion, mlflowExperimentId: string) {
  return {
    name: version.modelName,
    version: String(version.version),
    creation_timestamp: version.registeredAt,
    last_updated_timestamp: version.registeredAt,
    user_id: version.registeredBy,
    current_stage: 'None',
    ...(version.description === null ? {} : { description: version.description }),
    source: modelVersionSource(version, mlflowExperimentId),
    run_id: version.runId,
    status: 'READY',
    tags: tagListOf(version.tags),
    aliases: [...version.aliases].sort(),
  };
}

/**
 * A `RegisteredModel` message, given all its versions and the message of the highest one:
 * `latest_versions` holds that one (the latest of stage "None", the only stage here),
 * `aliases` every alias of every version.
 */
export function toMlflowRegisteredModel(model: RegisteredModel, versions: readonly ModelVersion[], latestVersion: ReturnType<typeof toMlflowModelVersion> | undefined) {
  const aliases = versions
    .flatMap((version) => version.aliases.map((alias) => ({ alias, version: String(version.version) })))
    .sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
  return {
    name: model.name,
    creation_timestamp: model.createdAt,
    last_updated_timestamp: model.updatedAt,
    ...(model.description === null ? {} : { description: model.description }),
    latest_versions: latestVersion === undefined ? [] : [latestVersion],
    tags: tagListOf(model.tags),
    aliases,
  };
}
