import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  createProgressReporter,
  MLOpsError,
  validateExpiresInSeconds,
  type DownloadUrlOptions,
  type ModelRepository,
  type PutOptions,
  type RepositoryObject,
  refuseUnknownOptions,
} from '@mlops-ts/core';
import { copyInParts, maxSingleCopyBytes } from './multipart-copy.js';
import { maximumPartCount, uploadInParts } from './multipart-upload.js';
import { s3OptionKeys, type S3ModelRepositoryOptions } from './s3-model-repository-options.js';
import { bucketNotFound, providerId, translateS3Error } from './translate-s3-error.js';

const mebibyte = 1024 * 1024;
const minimumPartSizeBytes = 5 * mebibyte;
/** The longest a presigned URL (Signature Version 4) may work: seven days, in seconds. */
const maximumPresignedUrlSeconds = 7 * 24 * 60 * 60;

/**
 * A model repository in an AWS S3 bucket, or on an S3-compatible server (endpoint + path
 * style). Uploads stream through multipart upload, so a model is never held in memory and
 * appears only when complete; deployments copy server-side.
 *
 * @example
 * const repository = new S3ModelRepository({ bucket: 'models', region: 'eu-west-1' });
 * await using mlops = await new MLOpsBuilder().useModelRepository(repository).build();
 */
export class S3ModelRepository implements ModelRepository {
  readonly specificationVersion = 'v1' as const;
  readonly providerId = providerId;
  /** The bucket that holds the models. */
  readonly bucket: string;
  /** The folder inside the bucket ('' or ending with '/'). */
  readonly prefix: string;
  /** The SDK client, for calls this class does not offer. */
  readonly client: S3Client;
  readonly #options: S3ModelRepositoryOptions;
  readonly #partSizeBytes: number;
  readonly #uploadConcurrency: number;

  constructor(options: S3ModelRepositoryOptions) {
    refuseUnknownOptions('useS3ModelRepository()', options, s3OptionKeys, providerId);
    if (typeof options?.bucket !== 'string' || options.bucket.trim() === '') {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `The S3 model repository needs a bucket name, got '${String(options?.bucket)}'. Pass { bucket: 'my-models', region: 'eu-west-1' }.`,
        { providerId },
      );
    }
    this.#options = options;
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.#partSizeBytes = options.partSizeBytes ?? minimumPartSizeBytes;
    this.#uploadConcurrency = options.uploadConcurrency ?? 4;
    if (!(this.#partSizeBytes >= minimumPartSizeBytes)) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `partSizeBytes ${this.#partSizeBytes} is below S3's minimum part size of 5 MiB. Use at least ${minimumPartSizeBytes}.`,
        { providerId },
      );
    }
    if (!(Number.isInteger(this.#uploadConcurrency) && this.#uploadConcurrency >= 1)) {
      throw new MLOpsError('INVALID_ARGUMENT', `uploadConcurrency must be a whole number of at least 1, got ${this.#uploadConcurrency}. Use 4 unless you measured better.`, {
        providerId,
      });
    }
    this.client = new S3Client({
      region: options.region ?? (options.endpoint === undefined ? undefined : 'us-east-1'),
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
      followRegionRedirects: true,
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 60_000,
      },
      ...options.clientConfig,
    });
  }

  /** Checks that the bucket exists and is reachable with these credentials; creates it when `createBucketIfMissing`. */
  async connect(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      const translated = translateS3Error(error, { bucket: this.bucket, action: 'open' });
      if (translated.code !== 'NOT_FOUND') throw translated;
      if (!this.#options.createBucketIfMissing) throw bucketNotFound(this.bucket, error);
    }
    await this.#createBucket();
  }

  /** Closes the SDK client's connections. */
  async close(): Promise<void> {
    this.client.destroy();
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    const { signal } = options;
    signal?.throwIfAborted();
    const report = createProgressReporter(options.onProgress, options.sizeBytes);
    // A source that stalls would keep the upload waiting: aborting ends it.
    const abort = (): void => {
      body.destroy(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const sizeBytes = await uploadInParts({
        client: this.client,
        bucket: this.bucket,
        key: this.#fullKey(key),
        body,
        partSizeBytes: partSizeFor(this.#partSizeBytes, options.sizeBytes),
        concurrency: this.#uploadConcurrency,
        signal,
        onStored: (bytes) => report(bytes),
      });
      report(sizeBytes, true);
      return { sizeBytes };
    } catch (error) {
      if (!body.destroyed) body.destroy();
      if (signal?.aborted) throw signal.reason;
      throw translateS3Error(error, { bucket: this.bucket, key, action: 'upload' });
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.#fullKey(key) }));
      if (response.Body instanceof Readable) return response.Body;
      // Only reached with a custom request handler that does not return Node streams.
      return Readable.fromWeb(response.Body?.transformToWebStream() as never);
    } catch (error) {
      throw translateS3Error(error, { bucket: this.bucket, key, action: 'download' });
    }
  }

  async copy(sourceKey: string, destinationKey: string): Promise<void> {
    const context = { bucket: this.bucket, key: sourceKey, action: 'copy' };
    let sizeBytes: number;
    let eTag: string | undefined;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.#fullKey(sourceKey) }));
      sizeBytes = head.ContentLength ?? 0;
      eTag = head.ETag;
    } catch (error) {
      throw translateS3Error(error, context);
    }
    // S3 refuses to copy an object onto itself unchanged; the destination already holds it.
    if (sourceKey === destinationKey) return;
    const copySource = `${encodeURIComponent(this.bucket)}/${this.#fullKey(sourceKey).split('/').map(encodeURIComponent).join('/')}`;
    try {
      if (sizeBytes <= maxSingleCopyBytes) {
        await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.#fullKey(destinationKey), CopySource: copySource }));
      } else {
        await copyInParts({
          client: this.client,
          bucket: this.bucket,
          copySource,
          sourceETag: eTag,
          sourceSizeBytes: sizeBytes,
          destinationKey: this.#fullKey(destinationKey),
          concurrency: this.#uploadConcurrency,
        });
      }
    } catch (error) {
      throw translateS3Error(error, context);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.#fullKey(key) }));
      return true;
    } catch (error) {
      const translated = translateS3Error(error, { bucket: this.bucket, key, action: 'look up' });
      if (translated.code === 'NOT_FOUND') return false;
      throw translated;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.#fullKey(key) }));
    } catch (error) {
      const translated = translateS3Error(error, { bucket: this.bucket, key, action: 'delete' });
      if (translated.code === 'NOT_FOUND' && errorName(error) !== 'NoSuchBucket') return;
      throw translated;
    }
  }

  async *list(prefix: string): AsyncIterable<RepositoryObject> {
    const pages = paginateListObjectsV2({ client: this.client, pageSize: 1000 }, { Bucket: this.bucket, Prefix: this.prefix + prefix });
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          if (object.Key === undefined) continue;
          const listed: RepositoryObject = { key: object.Key.slice(this.prefix.length), sizeBytes: object.Size ?? 0 };
          if (object.LastModified) listed.lastModified = object.LastModified.getTime();
          yield listed;
        }
      }
    } catch (error) {
      throw translateS3Error(error, { bucket: this.bucket, action: 'list the objects of' });
    }
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${this.#fullKey(key)}`;
  }

  /**
   * A presigned GET URL of the object (Signature Version 4): anyone holding it can read this
   * one object until it expires, at most seven days. Signed on this machine with the
   * repository's credentials, so it stops working earlier if they do (temporary
   * credentials of a role or SSO session expire with their session). NOT_FOUND when the
   * object is absent.
   */
  async getDownloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    const expiresIn = validateExpiresInSeconds(options?.expiresInSeconds, { maximumSeconds: maximumPresignedUrlSeconds, providerId });
    const command = { Bucket: this.bucket, Key: this.#fullKey(key) };
    try {
      await this.client.send(new HeadObjectCommand(command));
      return await getSignedUrl(this.client, new GetObjectCommand(command), { expiresIn });
    } catch (error) {
      throw translateS3Error(error, { bucket: this.bucket, key, action: 'sign a download URL of' });
    }
  }

  async #createBucket(): Promise<void> {
    const region = await this.client.config.region();
    const isDefaultRegion = this.#options.endpoint !== undefined || region === 'us-east-1';
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          CreateBucketConfiguration: isDefaultRegion ? undefined : { LocationConstraint: region as BucketLocationConstraint },
        }),
      );
    } catch (error) {
      if (errorName(error) === 'BucketAlreadyOwnedByYou') return;
      if (errorName(error) === 'BucketAlreadyExists') {
        throw new MLOpsError(
          'CONFLICT',
          `S3 bucket '${this.bucket}' belongs to another account. Bucket names are global: choose another name.`,
          { providerId, cause: error },
        );
      }
      throw translateS3Error(error, { bucket: this.bucket, action: 'create' });
    }
  }

  #fullKey(key: string): string {
    return this.prefix + key;
  }
}

/** The configured part size, raised (to whole MiB) when the body would need more than 10,000 parts. */
function partSizeFor(configuredBytes: number, bodyBytes: number | undefined): number {
  if (bodyBytes === undefined || bodyBytes <= configuredBytes * maximumPartCount) return configuredBytes;
  return Math.ceil(bodyBytes / maximumPartCount / mebibyte) * mebibyte;
}

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;
}
