import { MLOpsBuilder, extendBuilder } from '@mlops-ts/core';
import { AzureBlobModelRepository } from './azure-blob-model-repository.js';
import type { AzureBlobModelRepositoryCommonOptions, AzureBlobModelRepositoryOptions } from './azure-blob-model-repository-options.js';

export { AzureBlobModelRepository } from './azure-blob-model-repository.js';
export type {
  AzureBlobConnectionStringOptions,
  AzureBlobCredentialOptions,
  AzureBlobModelRepositoryCommonOptions,
  AzureBlobModelRepositoryOptions,
  TokenCredentialLike,
} from './azure-blob-model-repository-options.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Keeps model files in Azure Blob Storage, reached with a connection string (as
     * MLOps.NET's `UseAzureBlobModelRepository(connectionString)`). The container
     * (default 'model-repository') is created when missing unless told otherwise.
     * @example
     * new MLOpsBuilder().useAzureBlobModelRepository(process.env.AZURE_STORAGE_CONNECTION_STRING!, { container: 'models' })
     */
    useAzureBlobModelRepository(connectionString: string, options?: AzureBlobModelRepositoryCommonOptions): this;
    /**
     * Keeps model files in Azure Blob Storage, reached with a connection string or with an
     * account URL and a credential (any `TokenCredential`, such as `DefaultAzureCredential`).
     * @example
     * new MLOpsBuilder().useAzureBlobModelRepository({ accountUrl: 'https://acct.blob.core.windows.net', credential: new DefaultAzureCredential(), container: 'models' })
     */
    useAzureBlobModelRepository(options: AzureBlobModelRepositoryOptions): this;
  }
}

function useAzureBlobModelRepository(this: MLOpsBuilder, connectionString: string, options?: AzureBlobModelRepositoryCommonOptions): MLOpsBuilder;
function useAzureBlobModelRepository(this: MLOpsBuilder, options: AzureBlobModelRepositoryOptions): MLOpsBuilder;
function useAzureBlobModelRepository(
  this: MLOpsBuilder,
  connectionStringOrOptions: string | AzureBlobModelRepositoryOptions,
  options: AzureBlobModelRepositoryCommonOptions = {},
): MLOpsBuilder {
  const repositoryOptions: AzureBlobModelRepositoryOptions =
    typeof connectionStringOrOptions === 'string' ? { ...options, connectionString: connectionStringOrOptions } : connectionStringOrOptions;
  return this.useModelRepository(new AzureBlobModelRepository(repositoryOptions));
}

extendBuilder('useAzureBlobModelRepository', useAzureBlobModelRepository as MLOpsBuilder['useAzureBlobModelRepository']);
