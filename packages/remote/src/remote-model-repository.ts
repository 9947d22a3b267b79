import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createProgressReporter, MLOpsError, type DownloadUrlOptions, type ModelRepositoryV1, type PutOptions, type RepositoryObject } from '@mlops-ts/core';
import { ApiClient, segment } from './api-client.js';
import { normalizeServerUrl, remoteProviderId, resolveRemoteOptions, type RemoteTrackingOptions } from './remote-tracking-options.js';

/** The top folders of the core's key layout: the server holds keys under these only. */
const layoutRoots = ['runs/', 'deployments/'];

/**
 * A `ModelRepositoryV1` whose backend is a tracking server's blob routes
 * (`/api/v1/blobs/<key>`): uploads and downloads stream both ways, never held in memory,
 * and land in the repository the server is configured with (S3, Azure Blob, local files).
 * The server takes keys of the core's layout only (`runs/…`, `deployments/…`), which are
 * the only keys the core writes.
 *
 * @example
 * const repository = new RemoteModelRepository('https://mlops.example.com', { token: process.env.MLOPS_TRACKING_TOKEN });
 */
export class RemoteModelRepository implements ModelRepositoryV1 {
  readonly specificationVersion = 'v1' as const;
  readonly providerId = remoteProviderId;
  readonly #api: ApiClient;

  /**
   * @param url The server's base URL, such as 'https://mlops.example.com'.
   * @throws MLOpsError INVALID_ARGUMENT for a URL or options that are not valid.
   */
  constructor(url: string, options: RemoteTrackingOptions = {}) {
    this.#api = new ApiClient(normalizeServerUrl(url), resolveRemoteOptions(options));
  }

  /** The server's base URL. */
  get serverUrl(): string {
    return this.#api.serverUrl;
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    const report = createProgressReporter(options.onProgress, options.sizeBytes);
    let sent = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sent += chunk.length;
        report(sent);
        callback(null, chunk);
      },
    });
    // A failing source must fail the upload, which aborts it on the server (nothing is left under the key).
    const sourceFailed = new AbortController();
    pipeline(body, counted).catch((error: unknown) => sourceFailed.abort(error));
    const signal = options.signal === undefined ? sourceFailed.signal : AbortSignal.any([options.signal, sourceFailed.signal]);
    try {
      const answer = await this.#api.upload<{ sizeBytes: number }>({ method: 'PUT', path: blobPath(key), signal, action: `upload '${key}'` }, counted, options.sizeBytes);
      report(answer.sizeBytes, true);
      return answer;
    } catch (error) {
      if (sourceFailed.signal.aborted) throw sourceFailed.signal.reason;
      throw error;
    } finally {
      // After a refusal the server reads no more: stop reading the source too.
      if (!counted.writableFinished) counted.destroy();
    }
  }

  async get(key: string): Promise<Readable> {
    const response = await this.#api.send({ method: 'GET', path: blobPath(key), headers: { accept: 'application/octet-stream' }, hasTimeout: false, action: `download '${key}'` });
    if (response.body === null) return Readable.from([]);
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async copy(sourceKey: string, destinationKey: string): Promise<void> {
    // The destination is replaced by the same bytes: safe to repeat.
    await this.#api.send({ method: 'POST', path: '/blobs/copy', body: { sourceKey, destinationKey }, isIdempotent: true, hasTimeout: false, action: `copy '${sourceKey}' to '${destinationKey}'` });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.#api.send({ method: 'HEAD', path: blobPath(key), action: `check '${key}'` });
      return true;
    } catch (error) {
      if (MLOpsError.hasCode(error, 'NOT_FOUND')) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#api.send({ method: 'DELETE', path: blobPath(key), action: `delete '${key}'` });
  }

  async *list(prefix: string): AsyncIterable<RepositoryObject> {
    // The server lists inside runs/ and deployments/ only; a shorter prefix ('' or 'run') spans them, any other holds nothing.
    const roots = layoutRoots.some((root) => prefix.startsWith(root)) ? [prefix] : layoutRoots.filter((root) => root.startsWith(prefix));
    for (const root of roots) {
      const { objects } = await this.#api.json<{ objects: RepositoryObject[] }>({ method: 'GET', path: '/blobs', query: { prefix: root }, action: `list '${root}'` });
      yield* objects;
    }
  }

  /** The blob's URL on the server (reading it takes a token). */
  uri(key: string): string {
    return `${this.#api.serverUrl}/api/v1${blobPath(key)}`;
  }

  async getDownloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    const { expiresInSeconds } = options;
    if (typeof expiresInSeconds !== 'number' || !Number.isInteger(expiresInSeconds) || expiresInSeconds < 1) {
      throw new MLOpsError('INVALID_ARGUMENT', `expiresInSeconds is ${String(expiresInSeconds)}, not a whole number of seconds of at least 1. Pass e.g. { expiresInSeconds: 3600 }.`, {
        providerId: remoteProviderId,
      });
    }
    const { url } = await this.#api.json<{ url: string }>({ method: 'POST', path: '/blobs/download-url', body: { key, expiresInSeconds }, isIdempotent: true, action: `get a download URL of '${key}'` });
    return url;
  }
}

/** The blob route of a key, each segment percent-encoded. */
function blobPath(key: string): string {
  return `/blobs/${key.split('/').map(segment).join('/')}`;
}

