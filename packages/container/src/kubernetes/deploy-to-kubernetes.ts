import { MLOpsError, type Deployment, type DeploymentTarget, type DeploymentTargetRef, type MLOpsContext, type ModelVersion, type ModelVersionRef, type RegisteredModelRef } from '@mlops-ts/core';

import { buildModelImage, resolveVersion, type ModelImage } from '../build-model-image.js';
import type { ContainerState } from '../container-state.js';
import { applyObjects, connectKubernetes, deleteObjects } from './kubernetes-client.js';
import { buildKubernetesManifests, renderKubernetesManifests, type KubernetesManifestInput } from './kubernetes-manifests.js';
import type { ResolvedKubernetesSettings } from './kubernetes-options.js';
import { waitForRollout } from './rollout-status.js';

/** Options of `deployment.deployToKubernetes` and `deployment.renderKubernetesManifests`. */
export interface KubernetesDeployOptions extends Pick<KubernetesManifestInput, 'replicas' | 'resources' | 'port' | 'env'> {
  /** The image to run (a reference, best by digest, or what `buildModelImage` returned). Default: built now on `baseImage`. */
  image?: string | ModelImage;
  /** The base image to build on when `image` is not given (needs `useContainerRegistry()`). */
  baseImage?: string;
  /** The tag of an image built now. */
  tag?: string;
}

async function resolveTarget(mlops: MLOpsContext, target: DeploymentTargetRef): Promise<DeploymentTarget> {
  if (typeof target === 'object' && target !== null) return target;
  const found = (await mlops.deployment.getDeploymentTargets()).find((candidate) => candidate.id === target || candidate.name === target);
  if (!found) throw new MLOpsError('NOT_FOUND', `Deployment target '${String(target)}' does not exist. Create it with deployment.createDeploymentTarget('${String(target)}').`);
  return found;
}

async function experimentNameOf(mlops: MLOpsContext, version: ModelVersion): Promise<string | undefined> {
  try {
    const run = await mlops.lifecycle.getRun(version.runId);
    return (await mlops.lifecycle.getExperiment(run.experimentId)).name;
  } catch {
    return undefined; // a purged run: the label is left out
  }
}

/** The manifest input for a version on a target, building the image when none is given. */
async function manifestInput(state: ContainerState, targetRef: DeploymentTargetRef, versionRef: ModelVersionRef, options: KubernetesDeployOptions, build: boolean) {
  const { context: mlops } = state;
  const version = await resolveVersion(mlops, versionRef);
  const target = await resolveTarget(mlops, targetRef);
  let image = typeof options.image === 'object' && options.image !== null ? options.image.reference : options.image;
  if (image === undefined) {
    if (!build || options.baseImage === undefined || !state.registry) {
      throw new MLOpsError('INVALID_ARGUMENT', `No image is given for version ${version.version} of '${version.modelName}'. Pass { image } (e.g. what buildModelImage returned), or { baseImage } with useContainerRegistry() configured to build one.`);
    }
    image = (await buildModelImage(mlops, state.registry, version, { baseImage: options.baseImage, ...(options.tag ? { tag: options.tag } : {}) })).reference;
  }
  const input: KubernetesManifestInput = {
    image,
    model: version.modelName,
    version: version.version,
    target: target.name,
    experiment: await experimentNameOf(mlops, version),
    namespace: state.kubernetes?.namespace,
    replicas: options.replicas,
    resources: options.resources,
    port: options.port,
    env: options.env,
  };
  return { version, target, input };
}

/**
 * Rolls a model version out to Kubernetes: applies a Deployment and a Service (and the
 * namespace, when derived) with server-side apply, waits for the rollout to be ready,
 * then records the deployment with the Service's URL as its URI.
 */
export async function deployToKubernetes(state: ContainerState & { kubernetes: ResolvedKubernetesSettings }, target: DeploymentTargetRef, version: ModelVersionRef, deployedBy: string, options: KubernetesDeployOptions = {}): Promise<Deployment> {
  if (typeof deployedBy !== 'string' || deployedBy.trim() === '') {
    throw new MLOpsError('INVALID_ARGUMENT', `deployedBy is ${JSON.stringify(deployedBy)}. Pass who deploys, e.g. 'ci'.`);
  }
  const resolved = await manifestInput(state, target, version, options ?? {}, true);
  const manifests = buildKubernetesManifests(resolved.input);
  const clients = connectKubernetes(state.kubernetes);
  await applyObjects(clients, manifests.objects, state.kubernetes.fieldManager);
  await waitForRollout(clients, manifests.name, manifests.namespace, resolved.version.version, state.kubernetes.rolloutTimeoutMs, state.kubernetes.pollIntervalMs);
  return state.context.deployment.deployModel(resolved.target, resolved.version, deployedBy, { uri: manifests.serviceUri });
}

/** The YAML `deployToKubernetes` would apply, for GitOps: no cluster and no build (pass `image`). */
export async function renderManifestsFor(state: ContainerState, target: DeploymentTargetRef, version: ModelVersionRef, options: KubernetesDeployOptions): Promise<string> {
  return renderKubernetesManifests((await manifestInput(state, target, version, options ?? {}, false)).input);
}

/**
 * Removes the Deployment and Service of a registered model on a target (the namespace
 * stays), then records the undeploy where the core has `deployment.undeploy`.
 */
export async function undeployFromKubernetes(state: ContainerState & { kubernetes: ResolvedKubernetesSettings }, model: RegisteredModelRef, targetRef: DeploymentTargetRef, deployedBy: string): Promise<Deployment | undefined> {
  const { context: mlops } = state;
  const registered = await mlops.model.getRegisteredModel(model);
  const target = await resolveTarget(mlops, targetRef);
  const { objects } = buildKubernetesManifests({ image: 'unused', model: registered.name, version: 0, target: target.name, namespace: state.kubernetes.namespace });
  await deleteObjects(connectKubernetes(state.kubernetes), objects.filter((object) => object.kind !== 'Namespace').reverse());
  const catalog = mlops.deployment as unknown as { undeploy?: (model: RegisteredModelRef, target: DeploymentTargetRef, by: string) => Promise<Deployment> };
  return catalog.undeploy ? catalog.undeploy(registered.name, target, deployedBy) : undefined;
}
