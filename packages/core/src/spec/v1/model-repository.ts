import type { Readable } from 'node:stream';
import type { RepositoryObject } from './repository-object.js';
import type { PutOptions } from './put-options.js';
import type { DownloadUrlOptions } from './download-url-options.js';

/**
 * The contract every model repository implements (version 1): a small blob store.
 *
 * The core owns key layout (`runs/{runId}/{artifactName}`,
 * `deployments/{registeredModelId}/{targetId}/{fileName}`), hashing, validation and metadata. Keys
 * are '/'-separated relative paths, already validated by the core.
 */
export interface ModelRepositoryV1 {
  /** Always 'v1'; the builder refuses versions it does not know. */
  readonly specificationVersion: 'v1';
  /** A short, stable name such as 'local-file' or 's3', carried by errors. */
  readonly providerId: string;

  /** Checks access and creates containers when configured to. Called once by `build()`. Optional. */
  connect?(): Promise<void>;
  /** Releases clients. Optional. */
  close?(): Promise<void>;

  /**
   * Streams `body` to `key`, replacing any object there. Atomic: a reader sees the old
   * object or the complete new one, never part of it. Must not buffer the whole body.
   * @returns the number of bytes written.
   */
  put(key: string, body: Readable, options?: PutOptions): Promise<{ sizeBytes: number }>;
  /** A stream of the object. Throws NOT_FOUND (before streaming) when the key is absent. */
  get(key: string): Promise<Readable>;
  /**
   * Copies an object inside the repository, server-side where the backend can.
   * Replaces the destination atomically. NOT_FOUND when the source is absent.
   */
  copy(sourceKey: string, destinationKey: string): Promise<void>;
  /** True when an object is stored under `key`. */
  exists(key: string): Promise<boolean>;
  /** Removes the object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Objects whose key starts with `prefix`, in any order. */
  list(prefix: string): AsyncIterable<RepositoryObject>;
  /** Where the object lives, for humans and for other tools (file://, s3://, https://). */
  uri(key: string): string;

  /**
   * A URL that a plain HTTP client (fetch, curl) can GET without credentials of its own
   * until it expires, such as an S3 presigned GET or an Azure Blob SAS URL; an absolute
   * `file://` URL for files on this machine (which does not expire). It grants reading
   * this one object only. Optional: without it, `deployment.getDeployedModelUrl` throws
   * UNSUPPORTED naming the provider.
   *
   * Throws NOT_FOUND when no object is stored under `key` (checked before signing, so no
   * URL is handed out for nothing), INVALID_ARGUMENT when `options.expiresInSeconds` is not
   * a whole number of at least 1 or exceeds the backend's maximum (`validateExpiresInSeconds`
   * of the core says it in the core's words), UNSUPPORTED when the configured credentials
   * cannot sign such a URL (say which would).
   */
  getDownloadUrl?(key: string, options: DownloadUrlOptions): Promise<string>;
}
