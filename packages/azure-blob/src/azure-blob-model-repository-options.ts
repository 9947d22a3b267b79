import type { AnonymousCredential, StorageSharedKeyCredential } from '@azure/storage-blob';
import { optionKeys } from '@mlops-ts/core';

/**
 * Any Azure AD (Entra ID) credential, such as `DefaultAzureCredential` from
 * `@azure/identity`: the shape of `TokenCredential` of `@azure/core-auth`, so this package
 * does not depend on `@azure/identity`.
 */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: unknown): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** Settings shared by both ways of reaching the storage account. */
export interface AzureBlobModelRepositoryCommonOptions {
  /** The container that holds the models. Default 'model-repository'. */
  container?: string;
  /** A folder inside the container under which every key is stored, such as 'mlops/models'. Default: none. */
  prefix?: string;
  /**
   * Creates the container on `connect()` when it does not exist. Default true with a
   * connection string (as MLOps.NET did), false with an account URL and credential.
   */
  createContainerIfMissing?: boolean;
  /**
   * Size of each block of an upload, in bytes. Default 4 MiB. A blob holds up to 50,000
   * blocks: when `put` is given the body's size the block size grows as needed; without
   * it, bodies above about 195 GiB need a larger block size.
   */
  blockSizeBytes?: number;
  /** Blocks uploaded in parallel; an upload holds about `blockSizeBytes × uploadConcurrency` bytes. Default 4. */
  uploadConcurrency?: number;
  /**
   * Largest source copied with one synchronous Copy Blob From URL call, in bytes. Larger
   * sources are copied server-side block by block (Put Block From URL) and committed at
   * once, so readers still never see part of the copy. Default 256 MiB, the service's limit.
   */
  maxSyncCopyBytes?: number;
  /** Attempts per request, first included, for throttling, 5xx and network errors (SDK retry policy). Default 3. */
  maxTries?: number;
  /** Time one attempt may take until the response starts, in milliseconds. Default 60000. */
  tryTimeoutMs?: number;
  /** Delay before the first retry, in milliseconds; it doubles on each retry up to 4 s. Default 500. */
  retryDelayMs?: number;
}

/** Reaches the account with a connection string (account key or SAS, or Azurite's). */
export interface AzureBlobConnectionStringOptions extends AzureBlobModelRepositoryCommonOptions {
  connectionString: string;
}

/** Reaches the account at `accountUrl` with a credential. */
export interface AzureBlobCredentialOptions extends AzureBlobModelRepositoryCommonOptions {
  /** Such as 'https://myaccount.blob.core.windows.net' (with a SAS query when `credential` is anonymous). */
  accountUrl: string;
  /** A `TokenCredential` (e.g. `new DefaultAzureCredential()`), a `StorageSharedKeyCredential`, or an `AnonymousCredential` for a SAS URL. */
  credential: TokenCredentialLike | StorageSharedKeyCredential | AnonymousCredential;
}

/** Options of `AzureBlobModelRepository`: a connection string, or an account URL with a credential. */
export type AzureBlobModelRepositoryOptions = AzureBlobConnectionStringOptions | AzureBlobCredentialOptions;

/** Every option name of both forms of `AzureBlobModelRepositoryOptions`, to refuse misspelt ones. */
export const azureBlobOptionKeys = optionKeys<AzureBlobConnectionStringOptions & AzureBlobCredentialOptions>({
  connectionString: true,
  accountUrl: true,
  credential: true,
  container: true,
  prefix: true,
  createContainerIfMissing: true,
  blockSizeBytes: true,
  uploadConcurrency: true,
  maxSyncCopyBytes: true,
  maxTries: true,
  tryTimeoutMs: true,
  retryDelayMs: true,
});
