import { existsSync } from 'node:fs';
import http from 'node:http';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { repositoryLayoutMarkerKey, uuidv7 } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { rawRequest } from './support/raw-request.js';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.stop());

const keyPath = (key: string) => `/api/v1/blobs/${key.split('/').map(encodeURIComponent).join('/')}`;

describe('blob routes', () => {
  test('a blob uploaded under a run key downloads byte for byte, is listed, copied and deleted', async () => {
    const runId = uuidv7();
    const key = `runs/${runId}/onnx/model (final).onnx`;
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, index) => index % 251));
    const upload = await api.request('PUT', keyPath(key), { rawBody: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(upload.status).toBe(200);
    expect(await upload.json()).toEqual({ sizeBytes: bytes.length });

    const download = await api.request('GET', keyPath(key), { token: testTokens.reader.token });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    expect((await api.request('HEAD', keyPath(key), { token: testTokens.reader.token })).status).toBe(200);
    const listed = await api.json('GET', `/api/v1/blobs?prefix=${encodeURIComponent(`runs/${runId}/`)}`);
    expect(listed.body.objects).toMatchObject([{ key, sizeBytes: bytes.length }]);

    const target = `deployments/${uuidv7()}/${uuidv7()}/model (final).onnx`;
    expect((await api.json('POST', '/api/v1/blobs/copy', { body: { sourceKey: key, destinationKey: target } })).status).toBe(204);
    expect(Buffer.from(await (await api.request('GET', keyPath(target))).arrayBuffer()).equals(bytes)).toBe(true);

    expect((await api.request('DELETE', keyPath(key))).status).toBe(204);
    expect((await api.request('HEAD', keyPath(key))).status).toBe(404);
    expect(await api.json('GET', keyPath(key))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    // Deleting what is not there is not an error, as in the repository contract.
    expect((await api.request('DELETE', keyPath(key))).status).toBe(204);
  });

  test("the core's layout marker, written when the server's context was built, answers HEAD, so a client's build() finds it and moves nothing", async () => {
    expect((await api.request('HEAD', keyPath(repositoryLayoutMarkerKey), { token: testTokens.reader.token })).status).toBe(200);
    expect((await api.request('HEAD', keyPath('mlops/other.json'), { token: testTokens.reader.token })).status).toBe(400);
  });

  test('a JSON content type is streamed as bytes too: the route never parses a blob', async () => {
    const key = `runs/${uuidv7()}/metrics.json`;
    const upload = await api.request('PUT', keyPath(key), { rawBody: '{"not": "parsed"', headers: { 'content-type': 'application/json' } });
    expect(upload.status).toBe(200);
    expect(await (await api.request('GET', keyPath(key))).text()).toBe('{"not": "parsed"');
  });

  test.each([
    ['a parent segment', '/api/v1/blobs/runs/0190/../../../etc/passwd'],
    ['an encoded parent segment', '/api/v1/blobs/runs/0190/%2e%2e/%2e%2e/outside'],
    ['an encoded slash hiding a parent segment', '/api/v1/blobs/runs/0190/..%2f..%2foutside'],
    ['a backslash', '/api/v1/blobs/runs/0190/..%5c..%5coutside'],
    ['a dot segment', '/api/v1/blobs/runs/0190/./model.onnx'],
    ['an empty segment', '/api/v1/blobs/runs/0190//model.onnx'],
    ['a key outside the layout', '/api/v1/blobs/etc/passwd'],
    ['a run id that is a path', '/api/v1/blobs/runs/..%2F..%2Fetc/model.onnx'],
    ['a NUL byte', '/api/v1/blobs/runs/0190/model%00.onnx'],
    ['a deployment segment that is a parent', '/api/v1/blobs/deployments/../target/model.onnx'],
  ])('%s in a key is refused with INVALID_ARGUMENT, and nothing is written', async (_case, rawPath) => {
    for (const method of ['PUT', 'GET', 'DELETE', 'HEAD']) {
      const response = await rawRequest(api.server.url, method, rawPath, { token: testTokens.writer.token, ...(method === 'PUT' ? { body: 'x' } : {}) });
      expect(response.status, `${method} ${rawPath}: ${response.body}`).toBe(400);
      if (method !== 'HEAD') expect(JSON.parse(response.body).code).toBe('INVALID_ARGUMENT');
    }
    // Everything the server wrote is under its folder (the repository's root is its models/ folder).
    expect(await listFiles(api.folder)).not.toContain('passwd');
    expect(await listFiles(api.folder)).not.toContain('outside');
    expect(existsSync(path.join(path.dirname(api.folder), 'outside'))).toBe(false);
  });

  test('prefixes outside the layout are refused for listing', async () => {
    for (const prefix of ['', '/', 'etc/', 'runs/../', '../', 'runs/x/../../']) {
      const { status, body } = await api.json('GET', `/api/v1/blobs?prefix=${encodeURIComponent(prefix)}`);
      expect(status, prefix).toBe(400);
      expect(body.code).toBe('INVALID_ARGUMENT');
    }
  });

  test('a read-only token may download and list but not upload, copy or delete', async () => {
    const key = `runs/${uuidv7()}/model.onnx`;
    await api.request('PUT', keyPath(key), { rawBody: 'bytes' });
    const reader = testTokens.reader.token;
    expect((await api.request('GET', keyPath(key), { token: reader })).status).toBe(200);
    expect((await api.json('PUT', keyPath(key), { token: reader, body: 'other' })).status).toBe(403);
    expect((await api.json('DELETE', keyPath(key), { token: reader })).status).toBe(403);
    expect((await api.json('POST', '/api/v1/blobs/copy', { token: reader, body: { sourceKey: key, destinationKey: `runs/${uuidv7()}/copy.onnx` } })).status).toBe(403);
    expect((await api.request('PUT', keyPath(key), { token: null, rawBody: 'other' })).status).toBe(401);
    expect((await api.request('HEAD', keyPath(key), { token: null })).status).toBe(401);
    expect((await api.request('HEAD', keyPath(key), { token: reader })).status).toBe(200);
    expect(await (await api.request('GET', keyPath(key))).text()).toBe('bytes');
  });

  test('an upload over the limit is refused with 413 and leaves nothing under the key', async () => {
    const small = await startTestServer({ limits: { blobBytes: 1024 } });
    try {
      const key = `runs/${uuidv7()}/big.bin`;
      // Declared too large: refused before reading.
      const declared = await small.request('PUT', keyPath(key), { rawBody: Buffer.alloc(2048) });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as { code: string }).code).toBe('INVALID_ARGUMENT');
      // Streamed without a length: refused when the count passes the limit.
      const streamed = await small.request('PUT', keyPath(key), {
        rawBody: new ReadableStream({
          start(controller) {
            for (let index = 0; index < 4; index++) controller.enqueue(new Uint8Array(512));
            controller.close();
          },
        }),
      });
      expect(streamed.status).toBe(413);
      expect((await small.request('HEAD', keyPath(key))).status).toBe(404);
    } finally {
      await small.stop();
    }
  });

  test('an upload the client abandons half-way leaves nothing under the key, not even a temporary file', async () => {
    const runId = uuidv7();
    const key = `runs/${runId}/abandoned.bin`;
    const { hostname, port } = new URL(api.server.url);
    const request = http.request({ hostname, port, method: 'PUT', path: keyPath(key), headers: { authorization: `Bearer ${testTokens.writer.token}`, 'content-length': String(10 * 1024 * 1024) } });
    request.on('error', () => undefined);
    request.write(Buffer.alloc(256 * 1024));
    // The repository is writing its temporary file when the client goes away.
    const models = path.join(api.folder, 'models');
    await vi.waitFor(async () => expect(await listFiles(models)).toContainEqual(expect.stringMatching(/abandoned.*mlops-tmp/)), { timeout: 10_000, interval: 20 });
    request.destroy();
    await vi.waitFor(async () => expect(await listFiles(models)).not.toContainEqual(expect.stringContaining('abandoned')), { timeout: 10_000, interval: 50 });
    expect((await api.request('HEAD', keyPath(key))).status).toBe(404);
    // The server goes on serving.
    expect((await api.request('GET', '/health', { token: null })).status).toBe(200);
  });

  test('download URLs are UNSUPPORTED for local files, whose file:// URL would show a server path', async () => {
    const key = `runs/${uuidv7()}/model.onnx`;
    await api.request('PUT', keyPath(key), { rawBody: 'bytes' });
    const { status, body } = await api.json('POST', '/api/v1/blobs/download-url', { token: testTokens.reader.token, body: { key, expiresInSeconds: 60 } });
    expect(status).toBe(501);
    expect(body.code).toBe('UNSUPPORTED');
    expect(body.message).not.toContain(api.folder);
  });
});

async function listFiles(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true })).map((entry) => path.basename(entry));
}
