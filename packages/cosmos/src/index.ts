import { extendBuilder, MLOpsBuilder } from '@mlops-ts/core';
import { CosmosMetadataStore } from './cosmos-metadata-store.js';
import type { CosmosDbConnectionOptions, CosmosDbOptions } from './cosmos-options.js';

export { CosmosMetadataStore } from './cosmos-metadata-store.js';
export {
  defaultConnectionPolicy,
  type CosmosClientPassThroughOptions,
  type CosmosDbConnectionOptions,
  type CosmosDbOptions,
  type CosmosTokenCredential,
  type ResolvedCosmosDbConnection,
  type ResolvedCosmosDbOptions,
} from './cosmos-options.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Keeps metadata in Azure Cosmos DB for NoSQL, authenticated with the account key.
     * The database (default 'mlops') and its containers are created in `build()` when
     * missing.
     *
     * @example
     * import { MLOpsBuilder } from '@mlops-ts/core';
     * import '@mlops-ts/cosmos';
     * await using mlops = await new MLOpsBuilder()
     *   .useCosmosDb(process.env.COSMOS_ENDPOINT!, process.env.COSMOS_KEY!, { databaseId: 'mlops' })
     *   .useLocalFileModelRepository()
     *   .build();
     */
    useCosmosDb(endpoint: string, key: string, options?: CosmosDbOptions): this;
    /**
     * Keeps metadata in Azure Cosmos DB for NoSQL, authenticated with a key or a Microsoft
     * Entra ID credential (any `TokenCredential`, e.g. `new DefaultAzureCredential()`).
     *
     * @example
     * import { DefaultAzureCredential } from '@azure/identity';
     * new MLOpsBuilder().useCosmosDb({ endpoint, credential: new DefaultAzureCredential() });
     */
    useCosmosDb(options: CosmosDbConnectionOptions): this;
  }
}

extendBuilder('useCosmosDb', function useCosmosDb(this: MLOpsBuilder, endpointOrOptions: string | CosmosDbConnectionOptions, key?: string, options?: CosmosDbOptions) {
  const connection: CosmosDbConnectionOptions =
    typeof endpointOrOptions === 'string' ? { ...options, endpoint: endpointOrOptions, ...(key === undefined ? {} : { key }) } : endpointOrOptions;
  return this.useMetadataStore(new CosmosMetadataStore(connection));
} as MLOpsBuilder['useCosmosDb']);
