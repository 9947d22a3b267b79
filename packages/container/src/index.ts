// Adds MLOpsBuilder.prototype.useContainerRegistry() and DeploymentCatalog.prototype.buildModelImage().
import './use-container-registry.js';

export type { ContainerRegistryOptions } from './container-registry-options.js';
export type { BuildModelImageOptions, ModelImage } from './build-model-image.js';
export type { PushedImage, BlobTransfer } from './image/push-image.js';
export { modelLabels, imagePaths, defaultImagePort, imageUser } from './image/model-image-files.js';
export { parseImageReference, formatImageReference, type ImageReference } from './registry/image-reference.js';
export { RegistryClient, type RegistryClientOptions } from './registry/registry-client.js';
export type { RegistryCredentials } from './registry/registry-credentials.js';
export { mediaTypes } from './registry/media-types.js';
// Adds MLOpsBuilder.prototype.useKubernetes() and the Kubernetes methods of DeploymentCatalog.
import './use-kubernetes.js';

export type { KubernetesOptions } from './kubernetes/kubernetes-options.js';
export type { KubernetesDeployOptions } from './kubernetes/deploy-to-kubernetes.js';
export { buildKubernetesManifests, renderKubernetesManifests, type KubernetesManifestInput, type KubernetesManifests, type KubernetesObject, type KubernetesResources } from './kubernetes/kubernetes-manifests.js';
export { kubernetesName } from './kubernetes/kubernetes-names.js';
