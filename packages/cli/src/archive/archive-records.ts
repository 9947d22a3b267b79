import { uuidv7 } from '@mlops-ts/core';
import { MLOpsError } from '@mlops-ts/core';
import type { MetadataStoreV1 } from '@mlops-ts/core';
import type { ModelRepositoryV1 } from '@mlops-ts/core';
import type { NewModelVersion } from '@mlops-ts/core';
import type { ModelVersion } from '@mlops-ts/core';
import type { Run, RunInfo } from '@mlops-ts/core';
import type { ArchiveRecord } from './archive-format.js';

/** Metric points per line: lines stay small while a history of millions of points takes few of them. */
const metricPointsPerRecord = 5_000;

/**
 * Every record of the store, in the order an import must write them (see `ArchiveRecord`).
 * Reads one experiment's runs, one run's data and one metric's history at a time.
 */
export async function* readArchiveRecords(store: MetadataStoreV1, repository: ModelRepositoryV1): AsyncGenerator<ArchiveRecord> {
  const experiments = await store.listExperiments({ lifecycle: 'all' });
  for (const experiment of experiments) yield { kind: 'experiment', experiment: { ...experiment, lifecycleStage: 'active', deletedAt: null } };
  for (const target of await store.listDeploymentTargets()) yield { kind: 'deploymentTarget', target };

  const deletedRuns: { id: string; deletedAt: number }[] = [];
  const written = new Set<string>();
  // Children whose parent run has not been written yet, by parent id.
  const waiting = new Map<string, Run[]>();
  let anyRunId: string | undefined;
  async function* writeRun(run: Run): AsyncGenerator<ArchiveRecord> {
    anyRunId ??= run.id;
    if (run.lifecycleStage === 'deleted') deletedRuns.push({ id: run.id, deletedAt: run.deletedAt ?? 0 });
    yield* readRunRecords(store, run);
    written.add(run.id);
    const children = waiting.get(run.id) ?? [];
    waiting.delete(run.id);
    for (const child of children) yield* writeRun(child);
  }
  for (const experiment of experiments) {
    for (const run of await store.listRuns(experiment.id, { lifecycle: 'all' })) {
      if (run.parentRunId !== null && !written.has(run.parentRunId)) {
        waiting.set(run.parentRunId, [...(waiting.get(run.parentRunId) ?? []), run]);
        continue;
      }
      yield* writeRun(run);
    }
  }
  // A parent that is no longer stored (purged) leaves its children waiting: they are written without it, as the store shows them.
  for (const children of waiting.values()) for (const child of children) yield* writeRun({ ...child, parentRunId: null });

  const placeholders: string[] = [];
  const models = await store.listRegisteredModels();
  for (const model of models) {
    yield { kind: 'registeredModel', model };
    const versions = await store.listModelVersions(model.id);
    const versionIds = new Set(versions.map((version) => version.id));
    // Deployment history may name versions deleted since: they get the numbers no version holds, so their ids exist while the history is written.
    const deletedIds = [...new Set((await store.listDeployments({ registeredModelId: model.id })).map((deployment) => deployment.modelVersionId).filter((id): id is string => id !== null && !versionIds.has(id)))];
    const byNumber = new Map(versions.map((version) => [version.version, version]));
    const highest = Math.max(0, ...versions.map((version) => version.version));
    for (let number = 1; number <= highest || deletedIds.length > 0; number += 1) {
      const version = byNumber.get(number);
      if (version !== undefined) {
        yield { kind: 'modelVersion', version: newModelVersion(version), number };
        continue;
      }
      const runId = (versions.find((candidate) => candidate.version > number) ?? versions.at(-1))?.runId ?? anyRunId;
      if (runId === undefined) {
        throw new MLOpsError('UNSUPPORTED', `Registered model '${model.name}' has deployment history of deleted versions but no run to stand for them. Delete that history (delete the deployment target) or register a version first.`);
      }
      const id = deletedIds.shift() ?? uuidv7();
      placeholders.push(id);
      yield { kind: 'versionPlaceholder', number, version: { id, registeredModelId: model.id, runId, runArtifactId: null, artifactPath: 'deleted-version', registeredBy: 'mlops-archive', registeredAt: model.createdAt, description: null, tags: {} } };
    }
    for (const version of versions) {
      for (const alias of version.aliases) yield { kind: 'modelAlias', alias: { registeredModelId: model.id, alias, modelVersionId: version.id } };
    }
  }

  const uriBase = repositoryUriBase(repository);
  for (const deployment of await store.listDeployments({})) {
    const uriKey = uriBase !== undefined && deployment.uri?.startsWith(uriBase) ? deployment.uri.slice(uriBase.length) : undefined;
    yield { kind: 'deployment', deployment, ...(uriKey === undefined ? {} : { uriKey }) };
  }
  for (const id of placeholders) yield { kind: 'deleteVersionPlaceholder', id };
  // Last of the registry: registering and deleting versions above moved each model's updatedAt.
  for (const model of models) yield { kind: 'registeredModelUpdatedAt', registeredModelId: model.id, updatedAt: model.updatedAt };
  for (const experiment of experiments) {
    if (experiment.lifecycleStage === 'deleted') yield { kind: 'experimentDeleted', id: experiment.id, deletedAt: experiment.deletedAt ?? 0 };
  }
  for (const run of deletedRuns) yield { kind: 'runDeleted', id: run.id, deletedAt: run.deletedAt };
}

/** One run and everything stored for it, written while the run is active (a deleted run takes no writes). */
async function* readRunRecords(store: MetadataStoreV1, run: Run): AsyncGenerator<ArchiveRecord> {
  const { params, metrics, ...info } = run;
  const runInfo: RunInfo = { ...info, lifecycleStage: 'active', deletedAt: null };
  yield { kind: 'run', run: runInfo };
  const paramList = Object.entries(params).map(([key, value]) => ({ key, value }));
  if (paramList.length > 0) yield { kind: 'params', runId: run.id, params: paramList };
  for (const key of Object.keys(metrics)) {
    const history = await store.getMetricHistory(run.id, key);
    for (let start = 0; start < history.length; start += metricPointsPerRecord) {
      const points = history.slice(start, start + metricPointsPerRecord).map(({ value, step, timestamp }) => ({ value, step, timestamp }));
      yield { kind: 'metrics', runId: run.id, key, points };
    }
  }
  const matrix = await store.getConfusionMatrix(run.id);
  if (matrix !== null) yield { kind: 'confusionMatrix', matrix };
  for (const dataSet of await store.listDataSets(run.id)) yield { kind: 'dataSet', dataSet };
  for (const artifact of await store.listRunArtifacts(run.id)) yield { kind: 'artifact', artifact };
  const schema = await store.getModelSchema(run.id);
  if (schema !== null) yield { kind: 'modelSchema', schema };
  const dependencies = await store.listPackageDependencies(run.id);
  if (dependencies.length > 0) yield { kind: 'packageDependencies', runId: run.id, dependencies: dependencies.map(({ name, version }) => ({ name, version })) };
}

function newModelVersion({ version: _number, modelName: _name, aliases: _aliases, ...rest }: ModelVersion): NewModelVersion {
  return rest;
}

/** What the repository's uris start with (`uri(key)` is that plus the key), or undefined when it does not build them that way. */
export function repositoryUriBase(repository: ModelRepositoryV1): string | undefined {
  const probe = 'mlops-archive-probe/key';
  const uri = repository.uri(probe);
  return uri.endsWith(probe) ? uri.slice(0, -probe.length) : undefined;
}
