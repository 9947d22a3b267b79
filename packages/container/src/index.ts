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
