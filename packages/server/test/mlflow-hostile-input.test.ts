import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawRequest } from './support/raw-request.js';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

// Hostile input on every MLflow route: the routes come from the fixtures (one or more per
// route, see mlflow-fixtures.test.ts), so a route added with its fixture is covered here too.

interface Route {
  method: string;
  /** The path with {{placeholders}} filled with unknown ids. */
  path: string;
  hasJsonBody: boolean;
  /** Whether the route answers 501 whatever it is sent (no counterpart). */
  hasNoCounterpart: boolean;
  isRead: boolean;
}

const unknownRunId = '01890000-0000-7000-8000-00000000dead';
const folder = new URL('./fixtures/mlflow/', import.meta.url);
const routes: Route[] = [];
for (const file of readdirSync(folder).filter((name) => /^\d{3}-.+\.json$/.test(name))) {
  const { request, response } = JSON.parse(readFileSync(new URL(file, folder), 'utf8'));
  const path = (request.path as string).replace('{{experimentId}}', '0').replace(/\{\{\w+\}\}/g, unknownRunId);
  if (routes.some((route) => route.method === request.method && route.path === path)) continue;
  const isSearch = /\/(runs|experiments)\/search$|get-latest-versions$/.test(path);
  routes.push({ method: request.method, path, hasJsonBody: request.body !== undefined, hasNoCounterpart: response.status === 501, isRead: request.method === 'GET' || isSearch });
}

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer({ limits: { jsonBodyBytes: 4 * 1024, batchBodyBytes: 16 * 1024, blobBytes: 4 * 1024 * 1024 } });
  expect(routes.length).toBeGreaterThan(45);
});
afterAll(() => api.stop());

/** Asserts MLflow's error body `{ error_code, message }`, with nothing of the server's internals. */
async function expectMlflowError(response: Response, status: number, code: string, what: string): Promise<string> {
  const text = await response.text();
  expect(response.status, `${what}: ${text}`).toBe(status);
  const body = JSON.parse(text);
  expect(Object.keys(body).sort(), what).toEqual(['error_code', 'message']);
  expect(body.error_code, what).toBe(code);
  expect(body.message.length, what).toBeGreaterThan(20);
  expect(text, what).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d/);
  expect(text, what).not.toContain(api.folder);
  return body.message;
}

describe('tokens on MLflow routes', () => {
  test('no token, or an unknown one, is UNAUTHENTICATED (401) on every route of both prefixes', async () => {
    for (const route of routes) {
      for (const path of [route.path, route.path.replace(/^\/api\//, '/ajax-api/')]) {
        const what = `${route.method} ${path}`;
        await expectMlflowError(await api.request(route.method, path, { token: null, ...(route.hasJsonBody ? { body: {} } : {}) }), 401, 'UNAUTHENTICATED', what);
        await expectMlflowError(await api.request(route.method, path, { token: 'not-a-token-of-this-server', ...(route.hasJsonBody ? { body: {} } : {}) }), 401, 'UNAUTHENTICATED', what);
      }
    }
  });

  test('a read-only token is PERMISSION_DENIED (403) on every route that writes, and passes on reads and searches', async () => {
    for (const route of routes) {
      const response = await api.request(route.method, route.path, { token: testTokens.reader.token, ...(route.hasJsonBody ? { body: {} } : {}) });
      if (route.isRead) expect(response.status, `${route.method} ${route.path}`).not.toBe(403);
      else await expectMlflowError(response, 403, 'PERMISSION_DENIED', `${route.method} ${route.path}`);
    }
  });
});

describe('malformed requests on MLflow routes', () => {
  const jsonRoutes = () => routes.filter((route) => route.hasJsonBody && !route.hasNoCounterpart);

  test('malformed JSON is INVALID_PARAMETER_VALUE (400) on every route with a JSON body', async () => {
    for (const route of jsonRoutes()) {
      await expectMlflowError(await api.request(route.method, route.path, { body: '{"name": "x", ' }), 400, 'INVALID_PARAMETER_VALUE', `${route.method} ${route.path}`);
    }
  });

  test('a body that is not an object, or fields of the wrong type, are INVALID_PARAMETER_VALUE on every route', async () => {
    const wrongFields = { filter: 5, max_results: 'many', tags: 'x', name: 5, run_id: 7, experiment_id: { id: 1 }, key: [], value: 3, version: 'v1', source: 9, metrics: 'all', experiment_ids: 'x', new_name: false };
    for (const route of jsonRoutes()) {
      const what = `${route.method} ${route.path}`;
      await expectMlflowError(await api.request(route.method, route.path, { body: [] }), 400, 'INVALID_PARAMETER_VALUE', `${what} []`);
      await expectMlflowError(await api.request(route.method, route.path, { body: '"text"' }), 400, 'INVALID_PARAMETER_VALUE', `${what} "text"`);
      await expectMlflowError(await api.request(route.method, route.path, { body: wrongFields }), 400, 'INVALID_PARAMETER_VALUE', `${what} wrong fields`);
    }
  });

  test('a content type other than JSON is BAD_REQUEST (415) on JSON routes', async () => {
    for (const route of jsonRoutes()) {
      await expectMlflowError(await api.request(route.method, route.path, { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'BAD_REQUEST', `${route.method} ${route.path}`);
    }
  });

  test('a body over the limit is refused with 413 in MLflow\'s error body', async () => {
    const big = { experiment_id: '0', name: 'x'.repeat(10 * 1024) };
    await expectMlflowError(await api.request('POST', '/api/2.0/mlflow/experiments/create', { body: big }), 413, 'INVALID_PARAMETER_VALUE', 'experiments/create');
    const batch = { run_id: unknownRunId, metrics: Array.from({ length: 400 }, (_item, step) => ({ key: 'loss', value: 0.5, timestamp: 1, step })) };
    await expectMlflowError(await api.request('POST', '/api/2.0/mlflow/runs/log-batch', { body: batch }), 413, 'INVALID_PARAMETER_VALUE', 'runs/log-batch');
  });

  test('metric values other than numbers and "NaN"/"Infinity"/"-Infinity", and steps that are not integers, are refused', async () => {
    const { body: created } = await api.json('POST', '/api/2.0/mlflow/runs/create', { body: { start_time: 1 } });
    const runId = created.run.info.run_id;
    for (const value of ['nan', 'inf', null, true, '1e400x']) {
      await expectMlflowError(await api.request('POST', '/api/2.0/mlflow/runs/log-metric', { body: { run_id: runId, key: 'loss', value, timestamp: 1 } }), 400, 'INVALID_PARAMETER_VALUE', `value ${value}`);
    }
    await expectMlflowError(await api.request('POST', '/api/2.0/mlflow/runs/log-metric', { body: { run_id: runId, key: 'loss', value: 1, timestamp: 1, step: 1.5 } }), 400, 'INVALID_PARAMETER_VALUE', 'step 1.5');
    await expectMlflowError(await api.request('POST', '/api/2.0/mlflow/runs/log-batch', { body: { run_id: runId, params: [{ key: '__proto__', value: 'x' }] } }), 400, 'INVALID_PARAMETER_VALUE', '__proto__ param');
    const { body } = await api.json('GET', `/api/2.0/mlflow/runs/get?run_id=${runId}`);
    expect(body.run.data).toEqual({ metrics: [], params: [], tags: [] });
  });

  test('unknown ids and names are RESOURCE_DOES_NOT_EXIST (404)', async () => {
    const cases: [string, string, unknown?][] = [
      ['GET', `/api/2.0/mlflow/runs/get?run_id=${unknownRunId}`],
      ['GET', '/api/2.0/mlflow/experiments/get?experiment_id=424242'],
      ['POST', '/api/2.0/mlflow/runs/log-metric', { run_id: unknownRunId, key: 'loss', value: 1, timestamp: 1 }],
      ['POST', '/api/2.0/mlflow/runs/log-batch', { run_id: unknownRunId, metrics: [{ key: 'loss', value: 1, timestamp: 1 }] }],
      ['POST', '/api/2.0/mlflow/runs/update', { run_id: unknownRunId, status: 'FINISHED' }],
      ['POST', '/api/2.0/mlflow/runs/create', { experiment_id: '424242' }],
      ['GET', `/api/2.0/mlflow/metrics/get-history?run_id=${unknownRunId}&metric_key=loss`],
      ['GET', `/api/2.0/mlflow/artifacts/list?run_id=${unknownRunId}`],
      ['GET', '/api/2.0/mlflow/registered-models/get?name=nothing-here'],
      ['GET', '/api/2.0/mlflow/model-versions/get?name=nothing-here&version=1'],
      ['GET', `/api/2.0/mlflow-artifacts/artifacts/0/${unknownRunId}/artifacts/model.pkl`],
      ['GET', `/api/2.0/mlflow-artifacts/artifacts?path=0/${unknownRunId}/artifacts`],
    ];
    for (const [method, path, body] of cases) {
      await expectMlflowError(await api.request(method, path, body === undefined ? {} : { body }), 404, 'RESOURCE_DOES_NOT_EXIST', `${method} ${path}`);
    }
  });

  test('a version that is not a number is INVALID_PARAMETER_VALUE', async () => {
    await api.json('POST', '/api/2.0/mlflow/registered-models/create', { body: { name: 'hostile-model' } });
    for (const version of ['latest', '0', '-1', '1.5']) {
      await expectMlflowError(await api.request('GET', `/api/2.0/mlflow/model-versions/get?name=hostile-model&version=${version}`), 400, 'INVALID_PARAMETER_VALUE', `version ${version}`);
    }
  });
});

describe('artifact paths', () => {
  let runId: string;

  beforeAll(async () => {
    const { body } = await api.json('POST', '/api/2.0/mlflow/runs/create', { body: { start_time: 1 } });
    runId = body.run.info.run_id;
  });

  test('paths that leave the run\'s artifacts are refused on upload, download and listing, and nothing is written', async () => {
    const base = `/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts`;
    const escapes = ['../../../../etc/passwd', '%2e%2e/%2e%2e/secret', '..%2f..%2fsecret', 'model/..%5c..%5csecret', 'a/%00/b', `..%2f..%2f${unknownRunId}%2fartifacts%2fx`];
    for (const escape of escapes) {
      for (const method of ['PUT', 'GET']) {
        const answer = await rawRequest(api.server.url, method, `${base}/${escape}`, { token: testTokens.writer.token, body: method === 'PUT' ? 'bytes' : undefined, headers: { 'content-type': 'application/octet-stream' } });
        expect([400, 404], `${method} ${escape}: ${answer.body}`).toContain(answer.status);
        expect(JSON.parse(answer.body).error_code).toMatch(/^(INVALID_PARAMETER_VALUE|RESOURCE_DOES_NOT_EXIST)$/);
      }
      const list = await rawRequest(api.server.url, 'GET', `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`0/${runId}/artifacts/${decodeURIComponent(escape)}`)}`, { token: testTokens.writer.token });
      expect([400, 404], `list ${escape}: ${list.body}`).toContain(list.status);
    }
    for (const outside of ['not-a-run-path', `0/${runId}`, `0/${runId}/models/x`, '']) {
      const answer = await api.request('PUT', `/api/2.0/mlflow-artifacts/artifacts/${outside}`, { rawBody: 'bytes', headers: { 'content-type': 'application/octet-stream' } });
      expect([400, 404], outside).toContain(answer.status);
    }
    const { body } = await api.json('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}`);
    expect(body.files).toEqual([]);
  });

  test('an artifact path naming another experiment than the run\'s is RESOURCE_DOES_NOT_EXIST', async () => {
    const { body } = await api.json('POST', '/api/2.0/mlflow/experiments/create', { body: { name: 'hostile-other' } });
    const answer = await api.request('PUT', `/api/2.0/mlflow-artifacts/artifacts/${body.experiment_id}/${runId}/artifacts/model.pkl`, { rawBody: 'bytes', headers: { 'content-type': 'application/octet-stream' } });
    await expectMlflowError(answer, 404, 'RESOURCE_DOES_NOT_EXIST', 'other experiment');
  });

  test('an upload over limits.blobBytes stops with 413 and leaves no artifact', async () => {
    const path = `/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts/too-big.bin`;
    await expectMlflowError(await api.request('PUT', path, { rawBody: Buffer.alloc(4 * 1024 * 1024 + 1), headers: { 'content-type': 'application/octet-stream' } }), 413, 'INVALID_PARAMETER_VALUE', 'declared size');
    // Without a declared length: streamed in chunks until the limit is passed.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 80; index++) controller.enqueue(new Uint8Array(64 * 1024));
        controller.close();
      },
    });
    const streamed = await api.request('PUT', path, { rawBody: chunks, headers: { 'content-type': 'application/octet-stream' } });
    expect(streamed.status).toBe(413);
    const { body } = await api.json('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}`);
    expect(body.files).toEqual([]);
  });

  test('stored bytes that no longer match their SHA-256 make the download fail instead of delivering a corrupt file', async () => {
    const replaceStoredBytes = (name: string, bytes: Buffer) => api.mlops.modelRepository.put(`runs/${runId}/${name}`, Readable.from([bytes]));
    // Caught before the first byte: MLflow's error body, DATA_LOSS.
    const small = `/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts/small.bin`;
    expect((await api.request('PUT', small, { rawBody: Buffer.alloc(4096, 7), headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
    await replaceStoredBytes('small.bin', Buffer.alloc(4096, 8));
    await expectMlflowError(await api.request('GET', small), 500, 'DATA_LOSS', 'small file');
    // Caught while streaming (the repository reads 1 MiB chunks): the last chunk is held back, so the client gets fewer bytes than Content-Length says.
    const large = `/api/2.0/mlflow-artifacts/artifacts/0/${runId}/artifacts/large.bin`;
    expect((await api.request('PUT', large, { rawBody: Buffer.alloc(3 * 1024 * 1024, 7), headers: { 'content-type': 'application/octet-stream' } })).status).toBe(200);
    await replaceStoredBytes('large.bin', Buffer.alloc(3 * 1024 * 1024, 8));
    const response = await api.request('GET', large);
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });
});
