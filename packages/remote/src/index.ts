import { extendBuilder, MLOpsBuilder } from '@mlops-ts/core';
import { RemoteMetadataStore } from './remote-metadata-store.js';
import { RemoteModelRepository } from './remote-model-repository.js';
import { refuseUnknownRemoteOptions, type RemoteTrackingOptions } from './remote-tracking-options.js';

export { RemoteMetadataStore } from './remote-metadata-store.js';
export { RemoteModelRepository } from './remote-model-repository.js';
export type { RemoteTrackingOptions } from './remote-tracking-options.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Tracks through an `@mlops-ts/server`: experiments, runs, metrics, the registry and
     * deployments go to its metadata store, model files to its repository, over its
     * `/api/v1`. Fills both slots, so neither a store nor a repository may be configured too.
     * @param url The server's base URL, such as 'https://mlops.example.com'.
     * @example
     * new MLOpsBuilder().useRemoteTracking('https://mlops.example.com', { token: process.env.MLOPS_TRACKING_TOKEN })
     */
    useRemoteTracking(url: string, options?: RemoteTrackingOptions): this;
  }
}

function useRemoteTracking(this: MLOpsBuilder, url: string, options: RemoteTrackingOptions = {}): MLOpsBuilder {
  refuseUnknownRemoteOptions(options);
  return this.useMetadataStore(new RemoteMetadataStore(url, options)).useModelRepository(new RemoteModelRepository(url, options));
}

extendBuilder('useRemoteTracking', useRemoteTracking as MLOpsBuilder['useRemoteTracking']);
