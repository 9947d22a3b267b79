import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { Deployment } from '../spec/v1/deployment.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { modelDeploymentFolder } from './artifact-keys.js';
import { deployVersion, servedFileKey, servedVersion } from './model-deployments.js';
import { isFolderVersion } from './model-version-files.js';
import { resolveRegisteredModel, type RegisteredModelRef } from './model-registry-resolve.js';
import { resolveDeploymentTarget, type DeploymentTargetRef } from './resolve.js';

/**
 * Stops the target serving the registered model: records a deployment without a version
 * (history keeps what was served), then removes the target's copy of the model.
 * @throws NOT_FOUND when the model or target does not exist, or nothing is served.
 */
export async function undeployModel(store: MetadataStoreV1, repository: ModelRepositoryV1, model: RegisteredModelRef, target: DeploymentTargetRef, deployedBy: string): Promise<Deployment> {
  const served = await servedVersion(store, model, target);
  // The first release's copy lives under its own key: find it before the record changes.
  const legacyKey = isFolderVersion(served.version) ? undefined : await servedFileKey(store, repository, served);
  const deployment: Deployment = {
    id: uuidv7(),
    deploymentTargetId: served.target.id,
    registeredModelId: served.registeredModel.id,
    modelVersionId: null,
    deployedBy,
    deployedAt: Date.now(),
    uri: null,
  };
  await store.createDeployment(deployment);
  const folder = modelDeploymentFolder(served.registeredModel.id, served.target.id);
  for await (const object of repository.list(folder)) await repository.delete(object.key);
  if (legacyKey !== undefined && !legacyKey.startsWith(folder)) await repository.delete(legacyKey);
  return deployment;
}

/**
 * Deploys again the version the target served for the registered model before the one it
 * serves now (or, after an undeploy, the last one it served), keeping the history.
 * @throws NOT_FOUND when nothing was served before, or that version has been deleted.
 */
export async function rollbackModel(store: MetadataStoreV1, repository: ModelRepositoryV1, model: RegisteredModelRef, target: DeploymentTargetRef, deployedBy: string): Promise<Deployment> {
  const registeredModel = await resolveRegisteredModel(store, model);
  const foundTarget = await resolveDeploymentTarget(store, target);
  const history = await store.listDeployments({ registeredModelId: registeredModel.id, deploymentTargetId: foundTarget.id });
  const current = history.at(-1);
  const previous = history
    .slice(0, -1)
    .reverse()
    .find((deployment) => deployment.modelVersionId !== null && deployment.modelVersionId !== current?.modelVersionId);
  if (!previous) {
    throw new MLOpsError(
      'NOT_FOUND',
      `'${foundTarget.name}' served no other version of '${registeredModel.name}' before, so there is nothing to roll back to. Deploy a version with deployment.deployModel('${foundTarget.name}', version, deployedBy).`,
      { providerId: store.providerId },
    );
  }
  const version = await store.getModelVersion(previous.modelVersionId!);
  if (!version) {
    throw new MLOpsError(
      'NOT_FOUND',
      `The version of '${registeredModel.name}' that '${foundTarget.name}' served before (id '${previous.modelVersionId}') has been deleted. Deploy another version with deployment.deployModel().`,
      { providerId: store.providerId },
    );
  }
  return deployVersion(store, repository, foundTarget, version, deployedBy);
}

/**
 * Removes a deployment target with its deployment history, and what is left of its copies.
 * @throws CONFLICT naming the registered models it still serves; NOT_FOUND for an unknown target.
 */
export async function deleteTarget(store: MetadataStoreV1, repository: ModelRepositoryV1, target: DeploymentTargetRef): Promise<void> {
  const found = await resolveDeploymentTarget(store, target);
  const latestByModel = new Map<string, Deployment>();
  for (const deployment of await store.listDeployments({ deploymentTargetId: found.id })) latestByModel.set(deployment.registeredModelId, deployment);
  const serving = [...latestByModel.values()].filter((deployment) => deployment.modelVersionId !== null);
  if (serving.length > 0) {
    const names = await Promise.all(serving.map(async (deployment) => (await store.getRegisteredModelById(deployment.registeredModelId))?.name ?? deployment.registeredModelId));
    throw new MLOpsError(
      'CONFLICT',
      `Deployment target '${found.name}' still serves ${names.map((name) => `'${name}'`).join(', ')}. Undeploy ${names.length === 1 ? 'it' : 'them'} first with deployment.undeploy('${names[0]}', '${found.name}', undeployedBy).`,
      { providerId: store.providerId },
    );
  }
  await store.deleteDeploymentTarget(found.id);
  for (const registeredModelId of latestByModel.keys()) {
    for await (const object of repository.list(modelDeploymentFolder(registeredModelId, found.id))) await repository.delete(object.key);
  }
}
