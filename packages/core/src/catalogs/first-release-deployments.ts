import { Readable } from 'node:stream';
import { MLOpsError } from '../errors.js';
import type { Deployment, DeploymentTarget } from '../spec/v1/index.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { firstReleaseDeploymentFolder, modelDeploymentFolder, repositoryLayoutMarkerKey } from './artifact-keys.js';
import { isFolderVersion, modelVersionFiles } from './model-version-files.js';

/** What `moveFirstReleaseDeployments` did. */
export interface FirstReleaseDeploymentsMove {
  /**
   * `'moved'`: the repository was checked and its layout marker written (`moved` and
   * `removed` may be 0); `'done-before'`: the marker was there, nothing was looked at;
   * `'read-only'`: the repository refused a write (PERMISSION_DENIED), so the first
   * release's copies stay where they are, still read from there, until a build with write
   * access moves them.
   */
  outcome: 'moved' | 'done-before' | 'read-only';
  /** Copies this call put under their id-based keys. */
  moved: number;
  /** Objects of the first release's layout this call removed (moved copies and files no deployment serves). */
  removed: number;
}

/**
 * Moves the deployed copies the first release wrote under
 * `deployments/<experiment name>/<target name>/` to `deployments/<registeredModelId>/<targetId>/`,
 * so renames move nothing, then writes `repositoryLayoutMarkerKey`. `build()` calls it;
 * call it yourself for a context made with `new MLOpsContext(store, repository)`.
 *
 * With the marker present it costs one `exists`. Safe to repeat and to run in several
 * processes at once: a copy goes to its new key before its old key is removed, a copy already
 * in place is not made again, and the marker is written last, so a run stopped part-way
 * finishes on the next. Deployment records are history and keep the URI they were recorded
 * with; `deployment.getDeploymentUri` answers the new key's URI for a moved copy.
 *
 * @throws MLOpsError with the repository's code when a read or write fails part-way (build
 *   again to finish); a PERMISSION_DENIED write is not thrown (outcome `'read-only'`).
 */
export async function moveFirstReleaseDeployments(store: MetadataStoreV1, repository: ModelRepositoryV1): Promise<FirstReleaseDeploymentsMove> {
  if (await repository.exists(repositoryLayoutMarkerKey)) return { outcome: 'done-before', moved: 0, removed: 0 };
  const result: FirstReleaseDeploymentsMove = { outcome: 'moved', moved: 0, removed: 0 };
  try {
    for (const target of await store.listDeploymentTargets()) {
      for (const latest of latestDeploymentPerModel(await store.listDeployments({ deploymentTargetId: target.id }))) {
        await moveCopiesOf(store, repository, target, latest, result);
      }
    }
    const marker = Buffer.from(`${JSON.stringify({ layout: 2, deployments: 'deployments/<registeredModelId>/<deploymentTargetId>/', writtenAt: Date.now() })}\n`);
    await repository.put(repositoryLayoutMarkerKey, Readable.from([marker]), { sizeBytes: marker.length });
    return result;
  } catch (cause) {
    if (MLOpsError.hasCode(cause, 'PERMISSION_DENIED')) return { ...result, outcome: 'read-only' };
    throw new MLOpsError(
      MLOpsError.isInstance(cause) ? cause.code : 'UNAVAILABLE',
      `Moving the first release's deployed models to their new keys stopped part-way (${(cause as Error)?.message ?? String(cause)}). Build again once the repository answers: the move is safe to repeat and goes on where it stopped.`,
      { cause, providerId: repository.providerId },
    );
  }
}

/** The latest deployment of each registered model in a target's history (oldest first). */
function latestDeploymentPerModel(history: readonly Deployment[]): Deployment[] {
  const latest = new Map<string, Deployment>();
  for (const deployment of history) latest.set(deployment.registeredModelId, deployment);
  return [...latest.values()];
}

/**
 * Moves what the target serves for one registered model from the first release's folder (if
 * it is still there and not yet at its new key) and removes that folder's files. Only
 * registered models made from an experiment by the upgrade (same id) can have such a folder.
 */
async function moveCopiesOf(store: MetadataStoreV1, repository: ModelRepositoryV1, target: DeploymentTarget, latest: Deployment, result: FirstReleaseDeploymentsMove): Promise<void> {
  const experiment = await store.getExperimentById(latest.registeredModelId);
  if (!experiment) return;
  const oldFolder = firstReleaseDeploymentFolder(experiment.name, target.name);
  const folder = modelDeploymentFolder(latest.registeredModelId, target.id);
  if (oldFolder === folder) return;
  const oldKeys: string[] = [];
  for await (const object of repository.list(oldFolder)) if (!object.key.slice(oldFolder.length).includes('/')) oldKeys.push(object.key);
  if (oldKeys.length === 0) return;
  const served = latest.modelVersionId === null ? null : await store.getModelVersion(latest.modelVersionId);
  if (served && !isFolderVersion(served)) {
    const file = (await modelVersionFiles(store, served).catch(() => []))[0];
    // A served version whose artifact record is gone: leave its copy where reads still find it.
    if (!file) return;
    const oldKey = `${oldFolder}${file.relativePath}`;
    const key = `${folder}${file.relativePath}`;
    if (oldKeys.includes(oldKey) && !(await repository.exists(key))) {
      try {
        await repository.copy(oldKey, key);
        result.moved++;
      } catch (error) {
        // Another process moved it and removed the old copy in between.
        if (!MLOpsError.hasCode(error, 'NOT_FOUND')) throw error;
      }
    }
  }
  for (const oldKey of oldKeys) {
    await repository.delete(oldKey);
    result.removed++;
  }
}
