import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.stop());

describe('OpenAPI', () => {
  test('the document at /api/v1/openapi.json is a valid OpenAPI 3.1 document describing every route', async () => {
    const response = await api.request('GET', '/api/v1/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const document = (await response.json()) as any;
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document));
    expect('errors' in result ? result.errors : [], JSON.stringify(result, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    for (const path of ['/api/v1/experiments', '/api/v1/runs/{runId}', '/api/v1/metrics', '/api/v1/runs/search', '/api/v1/blobs', '/health', '/metrics']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    // Schemas are the ones the routes validate with: the metric batch refuses unknown properties and accepts "NaN".
    const metricBatch = document.paths['/api/v1/metrics'].post.requestBody.content['application/json'].schema;
    expect(metricBatch.additionalProperties).toBe(false);
    expect(JSON.stringify(metricBatch)).toContain('"NaN"');
  });
});

describe('/health', () => {
  test('answers ok without a token when the store and the repository answer', async () => {
    const response = await api.request('GET', '/health', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', store: 'ok', repository: 'ok' });
  });

  test('answers 503 naming the part that fails, without its error', async () => {
    const store = api.mlops.metadataStore;
    const original = store.getRun;
    store.getRun = async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432 at /srv/secret/path');
    };
    try {
      const response = await api.request('GET', '/health', { token: null });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ status: 'unavailable', store: 'unavailable', repository: 'ok' });
      expect(text).not.toContain('ECONNREFUSED');
    } finally {
      store.getRun = original;
    }
  });
});

describe('/metrics', () => {
  test('counts requests by method, route template and status, with a latency histogram, in the Prometheus text format', async () => {
    await api.request('GET', '/api/v1/runs/01900000-0000-7000-8000-00000000abcd');
    await api.request('GET', '/api/v1/no-such-route');
    const response = await api.request('GET', '/metrics', { token: testTokens.reader.token });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE mlops_http_requests_total counter');
    expect(text).toMatch(/mlops_http_requests_total\{method="GET",route="\/api\/v1\/runs\/:runId",status="404"\} 1/);
    expect(text).toMatch(/mlops_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).toContain('# TYPE mlops_http_request_duration_seconds histogram');
    expect(text).toMatch(/mlops_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/runs\/:runId",status="404"\} 1/);
    expect(text).toContain('process_resident_memory_bytes');
    // Ids never become labels.
    expect(text).not.toContain('00000000abcd');
  });

  test('needs a token when the server has tokens', async () => {
    expect((await api.request('GET', '/metrics', { token: null })).status).toBe(401);
  });
});
