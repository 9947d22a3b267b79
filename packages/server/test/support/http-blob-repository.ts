import http from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MLOpsError, type ModelRepositoryV1, type PutOptions, type RepositoryObject } from '@mlops-ts/core';

/**
 * The server's blob routes as a `ModelRepositoryV1`, streaming both ways with node:http,
 * so the kit's `measureLargeTransfer` can measure a transfer through the server.
 */
export class HttpBlobRepository implements ModelRepositoryV1 {
  readonly specificationVersion = 'v1';
  readonly providerId = 'http-blobs';

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request(this.#url(key), {
        method: 'PUT',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/octet-stream', ...(options.sizeBytes === undefined ? {} : { 'content-length': String(options.sizeBytes) }) },
      });
      request.on('response', resolve);
      request.on('error', reject);
      pipeline(body, request).catch(reject);
    });
    const text = await readText(response);
    if (response.statusCode !== 200) throw new MLOpsError('INTERNAL', `PUT ${key} answered ${response.statusCode}: ${text}`);
    return JSON.parse(text) as { sizeBytes: number };
  }

  async get(key: string): Promise<Readable> {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(this.#url(key), { headers: { authorization: `Bearer ${this.token}` } }, resolve).on('error', reject);
    });
    if (response.statusCode !== 200) throw new MLOpsError(response.statusCode === 404 ? 'NOT_FOUND' : 'INTERNAL', `GET ${key} answered ${response.statusCode}: ${await readText(response)}`);
    return response;
  }

  async copy(): Promise<void> {
    throw new MLOpsError('UNSUPPORTED', 'Not needed by these tests.');
  }

  async exists(key: string): Promise<boolean> {
    const response = await fetch(this.#url(key), { method: 'HEAD', headers: { authorization: `Bearer ${this.token}` } });
    return response.status === 200;
  }

  async delete(key: string): Promise<void> {
    await fetch(this.#url(key), { method: 'DELETE', headers: { authorization: `Bearer ${this.token}` } });
  }

  async *list(): AsyncIterable<RepositoryObject> {
    yield* [];
  }

  uri(key: string): string {
    return this.#url(key);
  }

  #url(key: string): string {
    return `${this.baseUrl}/api/v1/blobs/${key.split('/').map(encodeURIComponent).join('/')}`;
  }
}

async function readText(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}
