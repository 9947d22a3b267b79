import http from 'node:http';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MLOpsError, type ModelRepositoryV1, type PutOptions, type RepositoryObject } from '@mlops-ts/core';
import { measureLargeTransfer } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

// Alone in its file: peak memory is per process, and client and server share this one.
let api: TestServer;
let runArtifacts: string;
let runId: string;

beforeAll(async () => {
  api = await startTestServer();
  const { body } = await api.json('POST', '/api/2.0/mlflow/runs/create', { body: { start_time: Date.now() } });
  runId = body.run.info.run_id;
  runArtifacts = `/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts`;
});
afterAll(() => api.stop());

const mebibyte = 1024 * 1024;

/**
 * MLflow's proxied artifact API as a `ModelRepositoryV1` (the kit's interface), streaming
 * both ways with node:http as MLflow's Python client does: a key `runs/<any>/<name>` is the
 * artifact `<name>` of the test's run.
 */
class MlflowArtifactApi implements ModelRepositoryV1 {
  readonly specificationVersion = 'v1';
  readonly providerId = 'mlflow-artifacts';

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<{ sizeBytes: number }> {
    const name = this.#nameOf(key);
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request(`${api.server.url}${runArtifacts}/${name}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${testTokens.writer.token}`, 'content-type': 'application/octet-stream', ...(options.sizeBytes === undefined ? {} : { 'content-length': String(options.sizeBytes) }) },
      });
      request.on('response', resolve);
      request.on('error', reject);
      pipeline(body, request).catch(reject);
    });
    const text = await readText(response);
    if (response.statusCode !== 200) throw new MLOpsError('INTERNAL', `PUT ${name} answered ${response.statusCode}: ${text}`);
    // The size the server recorded, from its own listing.
    const { body: listing } = await api.json('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=${encodeURIComponent(posix.dirname(name))}`);
    return { sizeBytes: listing.files.find((file: { path: string }) => file.path === name).file_size };
  }

  async get(key: string): Promise<Readable> {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${api.server.url}${runArtifacts}/${this.#nameOf(key)}`, { headers: { authorization: `Bearer ${testTokens.writer.token}` } }, resolve).on('error', reject);
    });
    if (response.statusCode !== 200) throw new MLOpsError('INTERNAL', `GET ${key} answered ${response.statusCode}: ${await readText(response)}`);
    return response;
  }

  async copy(): Promise<void> {
    throw new MLOpsError('UNSUPPORTED', 'Not needed by this test.');
  }

  async exists(): Promise<boolean> {
    throw new MLOpsError('UNSUPPORTED', 'Not needed by this test.');
  }

  async delete(): Promise<void> {
    throw new MLOpsError('UNSUPPORTED', 'Not needed by this test.');
  }

  async *list(): AsyncIterable<RepositoryObject> {
    yield* [];
  }

  uri(key: string): string {
    return `${api.server.url}${runArtifacts}/${this.#nameOf(key)}`;
  }

  #nameOf(key: string): string {
    return key.split('/').slice(2).join('/');
  }
}

async function readText(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

test('a 256 MiB artifact goes up and down through the MLflow artifact API streamed, in bounded memory, and is recorded with its size', { timeout: 240_000 }, async () => {
  const measured = await measureLargeTransfer(new MlflowArtifactApi(), { sizeBytes: 256 * mebibyte, key: 'runs/large/model/weights.bin' });
  console.info(`mlflow artifacts ${measured.summary}`);
  // Client, server and local files in one process: a buffering route would hold 256 MiB at least once.
  expect(measured.peakLiveGrowthBytes).toBeLessThan(measured.sizeBytes / 4);
  expect(measured.peakRssGrowthBytes).toBeLessThan(measured.sizeBytes);
  const artifacts = await api.mlops.model.getRunArtifacts(runId);
  expect(artifacts.map(({ name, sizeBytes }) => ({ name, sizeBytes }))).toEqual([{ name: 'model/weights.bin', sizeBytes: 256 * mebibyte }]);
});
