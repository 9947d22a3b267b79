import { uuidv7 } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

// Every route of the OpenAPI document gets the same hostile requests, so a route added
// later is covered without a change here.

interface Operation {
  method: string;
  path: string;
  /** The token scope the document says the operation needs. */
  scope: 'read' | 'write' | 'none';
  hasJsonBody: boolean;
  hasPathParameters: boolean;
}

let api: TestServer;
let operations: Operation[];
const unknownId = uuidv7();

beforeAll(async () => {
  api = await startTestServer({ limits: { jsonBodyBytes: 4 * 1024, batchBodyBytes: 8 * 1024 } });
  const document = (await (await api.request('GET', '/api/v1/openapi.json')).json()) as {
    paths: Record<string, Record<string, { 'x-mlops-scope': Operation['scope']; requestBody?: { content?: Record<string, unknown> } }>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      scope: operation['x-mlops-scope'],
      hasJsonBody: operation.requestBody?.content?.['application/json'] !== undefined,
      hasPathParameters: path.includes('{'),
    })),
  );
  expect(operations.length).toBeGreaterThan(25);
});
afterAll(() => api.stop());

/** A URL of the operation with unknown ids in its path. */
function urlOf(operation: Operation): string {
  const path = operation.path.replace('{*}', `runs/${unknownId}/model.onnx`).replace(/\{[^}]+\}/g, unknownId);
  return operation.path.endsWith('/metric-history') ? `${path}?key=loss` : path;
}


/** Asserts an error answer: JSON { code, message } with nothing of the server's internals. */
async function expectError(response: Response, status: number, code: string, what: string): Promise<void> {
  expect(response.status, what).toBe(status);
  if (response.headers.get('content-length') === '0' || ['HEAD'].includes(what.split(' ')[0]!)) return;
  const text = await response.text();
  const body = JSON.parse(text);
  expect(Object.keys(body).sort(), what).toEqual(['code', 'message']);
  expect(body.code, what).toBe(code);
  expect(text, what).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d/);
  expect(text, what).not.toContain(api.folder);
}

describe('tokens', () => {
  test('the document names the scope of every operation; only /health needs none, and GET and HEAD only read', () => {
    expect(operations.filter((operation) => operation.scope === 'none').map((operation) => `${operation.method} ${operation.path}`)).toEqual(['GET /health']);
    for (const operation of operations) {
      expect(['read', 'write', 'none'], `${operation.method} ${operation.path}`).toContain(operation.scope);
      if (['GET', 'HEAD'].includes(operation.method)) expect(operation.scope, `${operation.method} ${operation.path}`).not.toBe('write');
    }
    // Searches and signed URLs are POSTs that only read.
    expect(operations.filter((operation) => operation.method === 'POST' && operation.scope === 'read').map((operation) => operation.path)).toEqual(
      expect.arrayContaining(['/api/v1/runs/search', '/api/v1/runs/search-page', '/api/v1/experiments/search', '/api/v1/model-versions/search', '/api/v1/blobs/download-url']),
    );
  });

  test('every route but /health answers 401 without a token or with an unknown one', async () => {
    for (const operation of operations.filter((candidate) => candidate.scope !== 'none')) {
      const what = `${operation.method} ${operation.path}`;
      const body = operation.hasJsonBody ? { body: {} } : {};
      const missing = await api.request(operation.method, urlOf(operation), { token: null, ...body });
      await expectError(missing, 401, 'PERMISSION_DENIED', what);
      if (operation.method !== 'HEAD') expect(missing.headers.get('www-authenticate'), what).toBe('Bearer realm="mlops"');
      await expectError(await api.request(operation.method, urlOf(operation), { token: 'not-a-token-of-this-server', ...body }), 401, 'PERMISSION_DENIED', what);
    }
  });

  test('every writing route answers 403 to a read-only token, and every reading route lets it through', async () => {
    for (const operation of operations.filter((candidate) => candidate.scope !== 'none')) {
      const what = `${operation.method} ${operation.path}`;
      const response = await api.request(operation.method, urlOf(operation), { token: testTokens.reader.token, ...(operation.hasJsonBody ? { body: {} } : {}) });
      if (operation.scope === 'write') await expectError(response, 403, 'PERMISSION_DENIED', what);
      else expect(response.status, what).not.toBe(403);
    }
  });

  test('a malformed Authorization header is 401, not a server fault', async () => {
    for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${testTokens.writer.token} extra`, 'bearer\u00a0x']) {
      const response = await fetch(`${api.server.url}/api/v1/experiments`, { headers: { authorization } }).catch(() => undefined);
      if (response) expect(response.status, authorization).toBe(401);
    }
  });
});

describe('bodies', () => {
  test('malformed JSON is INVALID_ARGUMENT on every route with a JSON body', async () => {
    const withBodies = operations.filter((operation) => operation.hasJsonBody);
    expect(withBodies.length).toBeGreaterThan(10);
    for (const operation of withBodies) {
      for (const body of ['{"name": ', '{"name": "x",}', "{'name': 'x'}", 'null x', '\u0000']) {
        await expectError(await api.request(operation.method, urlOf(operation), { body }), 400, 'INVALID_ARGUMENT', `${operation.method} ${operation.path} ${JSON.stringify(body)}`);
      }
    }
  });

  test('bodies of the wrong type, with unknown properties or wrongly typed fields are INVALID_ARGUMENT on every route', async () => {
    for (const operation of operations.filter((candidate) => candidate.hasJsonBody)) {
      const what = `${operation.method} ${operation.path}`;
      for (const body of ['[]', '"text"', '42', 'true', '{"unexpected": 1}']) {
        await expectError(await api.request(operation.method, urlOf(operation), { body }), 400, 'INVALID_ARGUMENT', `${what} ${body}`);
      }
    }
    const run = unknownId;
    const wrongTypes: [string, string, unknown][] = [
      ['POST', '/api/v1/experiments', { name: 42 }],
      ['POST', '/api/v1/experiments', { name: '' }],
      ['POST', '/api/v1/experiments', { name: 'x'.repeat(501) }],
      ['POST', '/api/v1/experiments', { name: 'tab\there' }],
      ['POST', '/api/v1/experiments', { name: 'x', id: '../../etc' }],
      ['POST', '/api/v1/experiments', { name: 'x', tags: { key: 5 } }],
      ['POST', '/api/v1/experiments', { name: 'x', tags: { ['k'.repeat(251)]: 'v' } }],
      ['POST', '/api/v1/experiments', { name: 'x', createdAt: '2024-01-01' }],
      ['POST', '/api/v1/runs', { experimentId: unknownId, status: 'paused' }],
      ['POST', '/api/v1/runs', { experimentId: unknownId, startTime: 1.5 }],
      ['POST', '/api/v1/metrics', { metrics: [{ runId: run, key: 'loss', value: '0.5' }] }],
      ['POST', '/api/v1/metrics', { metrics: [{ runId: run, key: 'loss', value: null }] }],
      ['POST', '/api/v1/metrics', { metrics: [{ runId: run, key: 'loss', value: 1, step: 0.5 }] }],
      ['POST', '/api/v1/metrics', { metrics: [] }],
      ['POST', `/api/v1/runs/${run}/params`, { params: [{ key: 'lr', value: 0.1 }] }],
      ['PATCH', `/api/v1/runs/${run}`, { status: 'done' }],
      ['PATCH', `/api/v1/runs/${run}`, { id: uuidv7() }],
      ['PUT', `/api/v1/runs/${run}/confusion-matrix`, { labels: ['a'], counts: [[-1]], precision: [1], recall: [1] }],
      ['POST', '/api/v1/runs/search', { limit: 0 }],
      ['POST', '/api/v1/runs/search', { limit: 10_001 }],
      ['POST', '/api/v1/blobs/copy', { sourceKey: `runs/${run}/a`, destinationKey: '../../outside' }],
    ];
    for (const [method, url, body] of wrongTypes) {
      await expectError(await api.request(method, url, { body }), 400, 'INVALID_ARGUMENT', `${method} ${url} ${JSON.stringify(body)}`);
    }
  });

  test('a content type other than JSON answers 415 on every route with a JSON body', async () => {
    for (const operation of operations.filter((candidate) => candidate.hasJsonBody)) {
      const response = await api.request(operation.method, urlOf(operation), { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await expectError(response, 415, 'INVALID_ARGUMENT', `${operation.method} ${operation.path}`);
    }
  });

  test('bodies over the route limit answer 413 on every route with a JSON body', async () => {
    for (const operation of operations.filter((candidate) => candidate.hasJsonBody)) {
      const body = JSON.stringify({ padding: 'x'.repeat(16 * 1024) });
      await expectError(await api.request(operation.method, urlOf(operation), { body }), 413, 'INVALID_ARGUMENT', `${operation.method} ${operation.path}`);
    }
  });

  test('query strings of the wrong type are INVALID_ARGUMENT', async () => {
    for (const url of [
      `/api/v1/runs/${unknownId}/metric-history?key=loss&maxPoints=three`,
      `/api/v1/runs/${unknownId}/metric-history?key=loss&maxPoints=2`,
      `/api/v1/runs/${unknownId}/metric-history`,
      '/api/v1/experiments?unknown=1',
      '/api/v1/runs',
      `/api/v1/runs/${unknownId}/metric-history?key=${'k'.repeat(251)}`,
    ]) {
      await expectError(await api.request('GET', url), 400, 'INVALID_ARGUMENT', url);
    }
  });
});

describe('unknown ids', () => {
  test('every GET with an id in its path answers NOT_FOUND for an id that does not exist', async () => {
    for (const operation of operations.filter((candidate) => candidate.method === 'GET' && candidate.hasPathParameters)) {
      const response = await api.request('GET', urlOf(operation));
      // Lists of an unknown parent answer what the store answers: NOT_FOUND or an empty list.
      if (response.status === 200) {
        expect(Object.values((await response.json()) as object), `${operation.path}`).toEqual([[]]);
        continue;
      }
      await expectError(response, 404, 'NOT_FOUND', `GET ${operation.path}`);
    }
  });

  test('writes naming a run or experiment that does not exist answer NOT_FOUND and store nothing', async () => {
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/runs', { experimentId: unknownId }],
      ['POST', `/api/v1/runs/${unknownId}/params`, { params: [{ key: 'lr', value: '0.1' }] }],
      ['POST', '/api/v1/metrics', { metrics: [{ runId: unknownId, key: 'loss', value: 1 }] }],
      ['PATCH', `/api/v1/runs/${unknownId}`, { status: 'finished' }],
      ['PATCH', `/api/v1/runs/${unknownId}/tags`, { tags: { a: 'b' } }],
      ['PUT', `/api/v1/runs/${unknownId}/confusion-matrix`, { labels: ['a'], counts: [[1]], precision: [1], recall: [1] }],
      ['POST', `/api/v1/runs/${unknownId}/data-sets`, { name: 'data', sha256: 'a'.repeat(64), rowCount: 1, columns: [] }],
      ['POST', `/api/v1/runs/${unknownId}/artifacts`, { name: 'model.onnx', sizeBytes: 1, sha256: 'a'.repeat(64) }],
      ['PUT', `/api/v1/runs/${unknownId}/model-schema`, { inputs: [], outputs: [] }],
      ['PUT', `/api/v1/runs/${unknownId}/package-dependencies`, { dependencies: [{ name: 'a', version: '1' }] }],
      ['POST', '/api/v1/runs/search', { experiments: [unknownId] }],
      ['POST', `/api/v1/registered-models/${unknownId}/versions`, { runId: unknownId, artifactPath: 'model/' }],
      ['PATCH', `/api/v1/registered-models/${unknownId}`, { description: 'x' }],
      ['PUT', `/api/v1/registered-models/${unknownId}/aliases/champion`, { modelVersionId: unknownId }],
      ['PATCH', `/api/v1/model-versions/${unknownId}`, { description: 'x' }],
      ['PATCH', `/api/v1/model-versions/${unknownId}/tags`, { tags: { a: 'b' } }],
      ['POST', '/api/v1/deployments', { deploymentTargetId: unknownId, registeredModelId: unknownId, modelVersionId: null, uri: null }],
    ];
    for (const [method, url, body] of writes) {
      await expectError(await api.request(method, url, { body }), 404, 'NOT_FOUND', `${method} ${url}`);
    }
    expect(await api.mlops.lifecycle.getExperiments()).toEqual([]);
  });

  test("the store contract's run page takes ids of experiments that do not exist as a store does: they match no run", async () => {
    const page = await api.json('POST', '/api/v1/runs/search-page', { body: { experimentIds: [unknownId], limit: 1, offset: 0 } });
    expect(page).toEqual({ status: 200, body: { runs: [], hasMore: false, maxRunId: null } });
  });
});
