import type { Readable } from 'node:stream';
import { BlobServiceClient, type BlockBlobClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import {
  createProgressReporter,
  MLOpsError,
  redactSecrets,
  validateExpiresInSeconds,
  type DownloadUrlOptions,
  type ModelRepository,
  type PutOptions,
  type RepositoryObject,
  refuseUnknownOptions,
} from '@mlops-ts/core';
import { azureBlobOptionKeys, type AzureBlobModelRepositoryOptions } from './azure-blob-model-repository-options.js';
import { readFirstBlock } from './first-block.js';
import { copyInBlocks } from './copy-in-blocks.js';
import { copySourceFor } from './copy-source.js';
import { downloadUrlSignerFor, type DownloadUrlSigner } from './download-url-signer.js';
import { containerNotFound, errorCode, providerId, translateBlobError } from './translate-blob-error.js';

const mebibyte = 1024 * 1024;
const maximumBlockCount = 50_000;
const defaultContainer = 'model-repository';
const copyPollIntervalMs = 500;

/**
 * A model repository in an Azure Blob Storage container (or Azurite). Uploads stream as
 * blocks committed at the end, so a model is never held in memory and appears only when
 * complete; deployments copy server-side.
 *
 * @example
 * const repository = new AzureBlobModelRepository({ connectionString: process.env.AZURE_STORAGE_CONNECTION_STRING!, container: 'models' });
 * await using mlops = await new MLOpsBuilder().useModelRepository(repository).build();
 */
export class AzureBlobModelRepository implements ModelRepository {
  readonly specificationVersion = 'v1' as const;
  readonly providerId = providerId;
  /** The container that holds the models. */
  readonly container: string;
  /** The folder inside the container ('' or ending with '/'). */
  readonly prefix: string;
  // Holds the account key or SAS (its URL and credential): private, and offered through a getter,
  // so printing or serializing the repository never shows them.
  readonly #containerClient: ContainerClient;
  readonly #createContainerIfMissing: boolean;
  readonly #blockSizeBytes: number;
  readonly #uploadConcurrency: number;
  readonly #maxSyncCopyBytes: number;
  readonly #downloadUrlSigner: DownloadUrlSigner | undefined;

  constructor(options: AzureBlobModelRepositoryOptions) {
    refuseUnknownOptions('useAzureBlobModelRepository()', options, azureBlobOptionKeys, providerId);
    const usesConnectionString = 'connectionString' in options;
    this.container = options.container ?? defaultContainer;
    this.prefix = normalizePrefix(options.prefix);
    this.#createContainerIfMissing = options.createContainerIfMissing ?? usesConnectionString;
    this.#blockSizeBytes = positiveInteger(options.blockSizeBytes ?? 4 * mebibyte, 'blockSizeBytes');
    this.#uploadConcurrency = positiveInteger(options.uploadConcurrency ?? 4, 'uploadConcurrency');
    this.#maxSyncCopyBytes = options.maxSyncCopyBytes ?? 256 * mebibyte;
    const pipelineOptions: StoragePipelineOptions = {
      retryOptions: {
        maxTries: options.maxTries ?? 3,
        tryTimeoutInMs: options.tryTimeoutMs ?? 60_000,
        retryDelayInMs: options.retryDelayMs ?? 500,
        maxRetryDelayInMs: 4_000,
      },
    };
    let serviceClient: BlobServiceClient;
    try {
      serviceClient = usesConnectionString
        ? BlobServiceClient.fromConnectionString(options.connectionString, pipelineOptions)
        : new BlobServiceClient(options.accountUrl, options.credential as never, pipelineOptions);
    } catch (cause) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `The Azure Blob ${usesConnectionString ? 'connection string' : 'account URL'} is not valid (${redactSecrets(cause instanceof Error ? cause.message : String(cause))}). Copy the connection string from the storage account's Access keys page, or pass { accountUrl: 'https://<account>.blob.core.windows.net', credential }.`,
        { providerId, cause },
      );
    }
    this.#containerClient = serviceClient.getContainerClient(this.container);
    this.#downloadUrlSigner = downloadUrlSignerFor(serviceClient);
  }

  /** The SDK's container client, for calls this class does not offer. Its `url` holds the SAS, if any. */
  get containerClient(): ContainerClient {
    return this.#containerClient;
  }

  /** Checks that the container exists and is reachable with these credentials; creates it when configured to. */
  async connect(): Promise<void> {
    try {
      await this.containerClient.getProperties();
      return;
    } catch (error) {
      const translated = translateBlobError(error, { container: this.container, action: 'open' });
      if (translated.code !== 'NOT_FOUND') throw translated;
      if (!this.#createContainerIfMissing) throw containerNotFound(this.container, error);
    }
    try {
      await this.containerClient.createIfNotExists();
    } catch (error) {
      throw translateBlobError(error, { container: this.container, action: 'create' });
    }
  }

  /** Nothing to release: the SDK's connections close when idle. */
  async close(): Promise<void> {}

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    options.signal?.throwIfAborted();
    let bytes = 0;
    const report = createProgressReporter(options.onProgress, options.sizeBytes);
    const blockSizeBytes = blockSizeFor(this.#blockSizeBytes, options.sizeBytes);
    const uploadOptions = {
      abortSignal: options.signal,
      onProgress: (progress: { loadedBytes: number }) => {
        bytes = progress.loadedBytes;
        report(bytes);
      },
    };
    try {
      const first = await readFirstBlock(body, blockSizeBytes);
      if (first.ended) {
        // One Put Blob: atomic, and two writers of one key end with the last one's bytes. (Two
        // staged uploads of one key fail instead: a commit discards the other's uncommitted blocks.)
        await this.#blob(key).upload(Buffer.concat(first.chunks, first.bytes), first.bytes, uploadOptions);
      } else {
        // Blocks are staged, then committed in one call: the blob changes only when all are in.
        await this.#blob(key).uploadStream(first.rest(), blockSizeBytes, this.#uploadConcurrency, uploadOptions);
      }
    } catch (error) {
      if (!body.destroyed) body.destroy();
      if (options.signal?.aborted) throw options.signal.reason;
      throw translateBlobError(error, { container: this.container, key, action: 'upload' });
    }
    report(bytes, true);
    return { sizeBytes: bytes };
  }

  async get(key: string): Promise<Readable> {
    try {
      const response = await this.#blob(key).download(0, undefined, { maxRetryRequests: 5 });
      return response.readableStreamBody as Readable;
    } catch (error) {
      throw translateBlobError(error, { container: this.container, key, action: 'download' });
    }
  }

  async copy(sourceKey: string, destinationKey: string): Promise<void> {
    const context = { container: this.container, key: sourceKey, action: 'copy' };
    const source = this.#blob(sourceKey);
    const destination = this.#blob(destinationKey);
    try {
      const properties = await source.getProperties();
      if (sourceKey === destinationKey) return;
      const sizeBytes = properties.contentLength ?? 0;
      const copySource = await copySourceFor(source);
      if (sizeBytes <= this.#maxSyncCopyBytes) {
        await destination.syncCopyFromURL(copySource.url, { sourceAuthorization: copySource.sourceAuthorization });
        return;
      }
      try {
        await copyInBlocks(destination, copySource, sizeBytes, this.#uploadConcurrency);
      } catch (error) {
        // Emulators (Azurite) lack Put Block From URL; their Copy Blob completes at once.
        if ((error as { statusCode?: number }).statusCode !== 501) throw error;
        await this.#copyAsynchronously(destination, copySource.url);
      }
    } catch (error) {
      throw translateBlobError(error, context);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.#blob(key).getProperties();
      return true;
    } catch (error) {
      const translated = translateBlobError(error, { container: this.container, key, action: 'look up' });
      if (translated.code === 'NOT_FOUND' && errorCode(error) !== 'ContainerNotFound') return false;
      throw translated;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#blob(key).deleteIfExists({ deleteSnapshots: 'include' });
    } catch (error) {
      throw translateBlobError(error, { container: this.container, key, action: 'delete' });
    }
  }

  async *list(prefix: string): AsyncIterable<RepositoryObject> {
    const pages = this.containerClient.listBlobsFlat({ prefix: this.prefix + prefix }).byPage({ maxPageSize: 1000 });
    try {
      for await (const page of pages) {
        for (const blob of page.segment.blobItems) {
          const listed: RepositoryObject = { key: blob.name.slice(this.prefix.length), sizeBytes: blob.properties.contentLength ?? 0 };
          if (blob.properties.lastModified) listed.lastModified = blob.properties.lastModified.getTime();
          yield listed;
        }
      }
    } catch (error) {
      throw translateBlobError(error, { container: this.container, action: 'list the blobs of' });
    }
  }

  /** The blob's URL without any SAS token, so no secret ends up in stored URIs. */
  uri(key: string): string {
    const url = new URL(this.#blob(key).url);
    url.search = '';
    return url.href;
  }

  /**
   * A read-only SAS URL of the blob: signed with the account key (a service SAS, no
   * maximum lifetime) or, with an Entra ID credential, with a user delegation key (at most
   * seven days; the identity needs a role that may get one, such as Storage Blob Data
   * Reader). UNSUPPORTED when the repository signs in with a SAS or anonymously.
   * NOT_FOUND when the blob is absent.
   */
  async getDownloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    const signer = this.#downloadUrlSigner;
    const expiresInSeconds = validateExpiresInSeconds(options?.expiresInSeconds, { maximumSeconds: signer?.maximumSeconds, providerId });
    if (signer === undefined) {
      throw new MLOpsError(
        'UNSUPPORTED',
        `The Azure Blob model repository signs in with a SAS or anonymously, so it cannot sign a download URL of '${key}' (passing its own SAS on would hand out the repository's access). Connect with the account key (a connection string with AccountKey, or a StorageSharedKeyCredential) or an Entra ID credential such as DefaultAzureCredential.`,
        { providerId },
      );
    }
    const blob = this.#blob(key);
    try {
      await blob.getProperties();
      return await signer.sign(blob, expiresInSeconds);
    } catch (error) {
      throw translateBlobError(error, { container: this.container, key, action: `sign (with the ${signer.kind}) a download URL of` });
    }
  }

  /** Copy Blob (asynchronous on the service), polled until it completes. */
  async #copyAsynchronously(destination: BlockBlobClient, sourceUrl: string): Promise<void> {
    const poller = await destination.beginCopyFromURL(sourceUrl, { intervalInMs: copyPollIntervalMs });
    const result = await poller.pollUntilDone();
    if (result.copyStatus !== 'success') {
      throw new MLOpsError('UNAVAILABLE', `Azure Blob Storage ended the copy with status '${String(result.copyStatus)}'. Retry the deployment.`, {
        providerId,
      });
    }
  }

  #blob(key: string): BlockBlobClient {
    return this.containerClient.getBlockBlobClient(this.prefix + key);
  }
}

/** The configured block size, raised (to whole MiB) when the body would need more than 50,000 blocks. */
function blockSizeFor(configuredBytes: number, bodyBytes: number | undefined): number {
  if (bodyBytes === undefined || bodyBytes <= configuredBytes * maximumBlockCount) return configuredBytes;
  return Math.ceil(bodyBytes / maximumBlockCount / mebibyte) * mebibyte;
}

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

function positiveInteger(value: number, name: string): number {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new MLOpsError('INVALID_ARGUMENT', `${name} must be a whole number of at least 1, got ${value}. Leave it out to use the default.`, { providerId });
  }
  return value;
}
