import { DeploymentCatalog, extendBuilder, MLOpsError, type MLOpsBuilder, type ModelVersionRef } from '@mlops-ts/core';

import { buildModelImage, type BuildModelImageOptions, type ModelImage } from './build-model-image.js';
import { resolveContainerRegistryOptions, type ContainerRegistryOptions } from './container-registry-options.js';
import { attachContainerState, configuredBuilders, containerStateOf } from './container-state.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Where `deployment.buildModelImage` pushes images: any registry speaking the OCI
     * distribution API (HTTP API v2). Credentials not given here come from the Docker config file.
     * @example
     * new MLOpsBuilder().useContainerRegistry({ registry: 'registry.example.com', repository: 'team/iris', username, password })
     */
    useContainerRegistry(options: ContainerRegistryOptions): this;
  }
  interface DeploymentCatalog {
    /**
     * Builds an OCI image that serves a model version (`/predict`, `/health`, `/metadata`)
     * on a base image with Node.js, and pushes it, without a Docker daemon. The same version
     * on the same base gives the same digest.
     * @param version the version, its id, or a URI such as 'models:/iris-classifier@champion'.
     * @throws MLOpsError INVALID_ARGUMENT for a bad tag or no configured registry; NOT_FOUND
     *   for a missing version or base image; PERMISSION_DENIED when the registry refuses the
     *   credentials; UNAVAILABLE when it cannot be reached.
     * @example
     * const image = await mlops.deployment.buildModelImage('models:/iris@champion', { baseImage: 'registry.example.com/team/node:22-slim' });
     */
    buildModelImage(version: ModelVersionRef, options: BuildModelImageOptions): Promise<ModelImage>;
  }
}

function useContainerRegistry(this: MLOpsBuilder, options: ContainerRegistryOptions): MLOpsBuilder {
  const settings = resolveContainerRegistryOptions(options);
  if (configuredBuilders.registry.has(this)) {
    throw new MLOpsError('INVALID_ARGUMENT', `A container registry is already configured on this builder. Call useContainerRegistry() once.`);
  }
  configuredBuilders.registry.add(this);
  return this.useContextExtension((context) => attachContainerState(context, { registry: settings }));
}

extendBuilder('useContainerRegistry', useContainerRegistry as MLOpsBuilder['useContainerRegistry']);

const catalog = DeploymentCatalog.prototype as unknown as Record<string, unknown>;
if (!Object.prototype.hasOwnProperty.call(catalog, 'buildModelImage')) {
  Object.defineProperty(catalog, 'buildModelImage', {
    value: async function (this: DeploymentCatalog, version: ModelVersionRef, options: BuildModelImageOptions): Promise<ModelImage> {
      const { context, registry } = containerStateOf(this, 'registry');
      return buildModelImage(context, registry, version, options);
    },
    writable: false,
    configurable: false,
    enumerable: false,
  });
}
