import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { optionKeys } from '@mlops-ts/core';

/** Options of `S3ModelRepository` and `useS3ModelRepository(options)`. */
export interface S3ModelRepositoryOptions {
  /** The bucket that holds the models. */
  bucket: string;
  /**
   * A folder inside the bucket under which every key is stored, such as 'mlops/models'.
   * Default: none (keys sit at the bucket's root).
   */
  prefix?: string;
  /** AWS region, such as 'eu-west-1'. Default: the SDK's (AWS_REGION, the shared config file). */
  region?: string;
  /** Endpoint of an S3-compatible server, such as 'http://127.0.0.1:4568'. Default: AWS. */
  endpoint?: string;
  /** Addresses buckets as `endpoint/bucket` instead of `bucket.endpoint`; most S3-compatible servers need it. Default false. */
  forcePathStyle?: boolean;
  /**
   * Static keys or a credential provider (such as `fromIni()` of `@aws-sdk/credential-providers`).
   * Default: the SDK's default chain (environment, shared files, instance or container role).
   */
  credentials?: S3ClientConfig['credentials'];
  /** Creates the bucket on `connect()` when it does not exist. Default false. */
  createBucketIfMissing?: boolean;
  /**
   * Size of each part of a multipart upload, in bytes (at least 5 MiB). Default 5 MiB.
   * When `put` is given the body's size, the part size grows as needed to stay within
   * S3's 10,000 parts; without it, bodies above about 48 GiB need a larger part size.
   */
  partSizeBytes?: number;
  /**
   * Parts uploaded (or copied) in parallel. An upload holds about
   * `partSizeBytes × uploadConcurrency × 2` bytes at its peak. Default 4.
   */
  uploadConcurrency?: number;
  /** Attempts per request, first included, for throttling, 5xx and network errors (SDK standard retry). Default 3. */
  maxAttempts?: number;
  /** Time allowed to open a connection, in milliseconds. Default 5000. */
  connectionTimeoutMs?: number;
  /** Time a request may sit idle (no bytes sent or received), in milliseconds. Default 60000. */
  requestTimeoutMs?: number;
  /** Further `S3Client` settings, applied last (for example `requestChecksumCalculation`). */
  clientConfig?: S3ClientConfig;
}

/** Every option name of `S3ModelRepositoryOptions`, to refuse misspelt ones. */
export const s3OptionKeys = optionKeys<S3ModelRepositoryOptions>({
  bucket: true,
  prefix: true,
  region: true,
  endpoint: true,
  forcePathStyle: true,
  credentials: true,
  createBucketIfMissing: true,
  partSizeBytes: true,
  uploadConcurrency: true,
  maxAttempts: true,
  connectionTimeoutMs: true,
  requestTimeoutMs: true,
  clientConfig: true,
});
