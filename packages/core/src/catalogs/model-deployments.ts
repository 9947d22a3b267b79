import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { Deployment, DeploymentTarget, ModelVersion, RegisteredModel } from '../spec/v1/index.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { firstReleaseDeploymentFolder, modelDeploymentFolder, runArtifactKey } from './artifact-keys.js';
import { resolveModelVersion, resolveRegisteredModel, type ModelVersionRef, type RegisteredModelRef } from './model-registry-resolve.js';
import { isFolderVersion, modelVersionFiles, type ModelVersionFile } from './model-version-files.js';
import { resolveDeploymentTarget, type DeploymentTargetRef } from './resolve.js';

/** What a target serves for a registered model now. */
export interface ServedVersion {
  deployment: Deployment;
  registeredModel: RegisteredModel;
  target: DeploymentTarget;
  version: ModelVersion;
}

/**
 * Copies a version's files to the target's folder for its registered model (each copy
 * replaces its key atomically), records the deployment, then removes the files of
 * earlier deployments that the new version does not have.
 */
export async function deployVersion(
  store: MetadataStoreV1,
  repository: ModelRepositoryV1,
  targetRef: DeploymentTargetRef,
  versionRef: ModelVersionRef,
  deployedBy: string,
  uri?: string,
): Promise<Deployment> {
  const target = await resolveDeploymentTarget(store, targetRef);
  const version = await resolveModelVersion(store, versionRef);
  const files = await modelVersionFiles(store, version);
  const folder = modelDeploymentFolder(version.registeredModelId, target.id);
  const keys: string[] = [];
  for (const { artifact, relativePath } of files) {
    const key = `${folder}${relativePath}`;
    keys.push(key);
    await repository.copy(runArtifactKey(artifact.runId, artifact.name), key);
  }
  const deployment: Deployment = {
    id: uuidv7(),
    deploymentTargetId: target.id,
    registeredModelId: version.registeredModelId,
    modelVersionId: version.id,
    deployedBy,
    deployedAt: Date.now(),
    uri: uri ?? (isFolderVersion(version) ? `${repository.uri(folder.slice(0, -1))}/` : repository.uri(keys[0]!)),
  };
  await store.createDeployment(deployment);
  await removeReplacedFiles(store, repository, deployment, files);
  return deployment;
}

/**
 * Once `deployment` is recorded, removes from its folder the files of earlier recorded
 * deployments that it does not have. Only the deployer of the current deployment does it,
 * and only files of recorded deployments go: a deployment still copying its files, not yet
 * recorded, keeps them. Its own files are copied again if a racing deployer removed one.
 */
async function removeReplacedFiles(store: MetadataStoreV1, repository: ModelRepositoryV1, deployment: Deployment, files: readonly ModelVersionFile[]): Promise<void> {
  const history = await store.listDeployments({ registeredModelId: deployment.registeredModelId, deploymentTargetId: deployment.deploymentTargetId });
  if (history.at(-1)?.id !== deployment.id) return;
  const folder = modelDeploymentFolder(deployment.registeredModelId, deployment.deploymentTargetId);
  const kept = new Set(files.map((file) => file.relativePath));
  const replaced = new Set<string>();
  const versionIds = new Set(history.slice(0, -1).map((earlier) => earlier.modelVersionId));
  for (const versionId of versionIds) {
    const earlier = versionId === null ? null : await store.getModelVersion(versionId);
    if (!earlier) continue;
    for (const file of await modelVersionFiles(store, earlier).catch(() => [])) if (!kept.has(file.relativePath)) replaced.add(file.relativePath);
  }
  for (const relativePath of replaced) await repository.delete(`${folder}${relativePath}`);
  for (const { artifact, relativePath } of files) {
    if (!(await repository.exists(`${folder}${relativePath}`))) await repository.copy(runArtifactKey(artifact.runId, artifact.name), `${folder}${relativePath}`);
  }
}

/** The latest deployment of the registered model to the target, serving or not; undefined when there was none. */
export async function latestDeploymentOf(store: MetadataStoreV1, registeredModelId: string, targetId: string): Promise<Deployment | undefined> {
  return (await store.listDeployments({ registeredModelId, deploymentTargetId: targetId })).at(-1);
}

/**
 * What the target serves for the registered model (a name or id, or an experiment's
 * where a registered model is named after it).
 * @throws NOT_FOUND when the model or target does not exist, or nothing is served.
 */
export async function servedVersion(store: MetadataStoreV1, modelRef: RegisteredModelRef, targetRef: DeploymentTargetRef): Promise<ServedVersion> {
  const registeredModel = await resolveRegisteredModel(store, modelRef);
  const target = await resolveDeploymentTarget(store, targetRef);
  const deployment = await latestDeploymentOf(store, registeredModel.id, target.id);
  const version = deployment?.modelVersionId ? await store.getModelVersion(deployment.modelVersionId) : null;
  if (!deployment || !version) {
    throw new MLOpsError(
      'NOT_FOUND',
      `Nothing of registered model '${registeredModel.name}' is deployed to '${target.name}'. Deploy a version with deployment.deployModel('${target.name}', 'models:/${encodeURIComponent(registeredModel.name)}/latest', deployedBy).`,
      { providerId: store.providerId },
    );
  }
  return { deployment, registeredModel, target, version };
}

/**
 * The repository key of the one file a target serves: under the deployment's id-based
 * folder, or, for a copy the first release made that `build()` could not move (a read-only
 * repository), where that release put it (named after the experiment and the target).
 * @throws INVALID_ARGUMENT when the served version is a folder (it has several files).
 */
export async function servedFileKey(store: MetadataStoreV1, repository: ModelRepositoryV1, served: ServedVersion): Promise<string> {
  const { version, target, registeredModel } = served;
  if (isFolderVersion(version)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `Version ${version.version} of '${registeredModel.name}' deployed to '${target.name}' is a folder (${version.artifactPath}), not one file. Download its files with model.downloadModelVersion(version, folder).`,
    );
  }
  const [file] = await modelVersionFiles(store, version);
  const key = `${modelDeploymentFolder(registeredModel.id, target.id)}${file!.relativePath}`;
  if (await repository.exists(key)) return key;
  // The upgrade gave each experiment's registered model the experiment's id.
  const experiment = await store.getExperimentById(registeredModel.id);
  return experiment ? `${firstReleaseDeploymentFolder(experiment.name, target.name)}${file!.relativePath}` : key;
}

/**
 * Where the deployment the target serves lives: its recorded URI, except for a copy in the
 * repository whose record names another key than the copy's (one the first release made
 * and `build()` moved: history keeps the URI recorded then), which answers the copy's URI.
 */
export async function servedUri(store: MetadataStoreV1, repository: ModelRepositoryV1, served: ServedVersion): Promise<string> {
  const recorded = served.deployment.uri!;
  if (isFolderVersion(served.version) || !recorded.startsWith(`${repository.uri('deployments')}/`)) return recorded;
  const [file] = await modelVersionFiles(store, served.version);
  if (recorded === repository.uri(`${modelDeploymentFolder(served.registeredModel.id, served.target.id)}${file!.relativePath}`)) return recorded;
  return repository.uri(await servedFileKey(store, repository, served));
}

/**
 * The targets that serve a version of the registered model now (only `versionId`'s when
 * given), by name: what a delete must refuse.
 */
export async function targetsServing(store: MetadataStoreV1, registeredModelId: string, versionId?: string): Promise<string[]> {
  const latestByTarget = new Map<string, Deployment>();
  for (const deployment of await store.listDeployments({ registeredModelId })) latestByTarget.set(deployment.deploymentTargetId, deployment);
  const names: string[] = [];
  for (const [targetId, deployment] of latestByTarget) {
    if (deployment.modelVersionId === null || (versionId !== undefined && deployment.modelVersionId !== versionId)) continue;
    names.push((await store.getDeploymentTargetById(targetId))?.name ?? targetId);
  }
  return names;
}
