import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.stop());

test("the store contract's run count matches the filter, leaves out runs above maxRunId, and counts no run of an unknown experiment", async () => {
  const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name: 'counted' } })).body;
  const ids: string[] = [];
  for (let index = 0; index < 5; index++) {
    const run = (await api.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body;
    ids.push(run.id);
    await api.request('POST', '/api/v1/metrics', { body: { metrics: [{ runId: run.id, key: 'accuracy', value: index / 10 }] } });
  }
  const count = async (body: unknown) => api.json('POST', '/api/v1/runs/search-count', { body, token: testTokens.reader.token });
  expect(await count({ experimentIds: [experiment.id] })).toEqual({ status: 200, body: { count: 5 } });
  expect((await count({ experimentIds: [experiment.id], filter: 'metrics.accuracy >= 0.2' })).body).toEqual({ count: 3 });
  expect((await count({ experimentIds: [experiment.id], filter: 'metrics.accuracy >= 0.2', maxRunId: ids[3] })).body).toEqual({ count: 2 });
  expect((await count({ experimentIds: ['01900000-0000-7000-8000-00000000dead'] })).body).toEqual({ count: 0 });
  expect((await count({ experimentIds: [experiment.id], filter: 'metrics.accuracy >' })).status).toBe(400);
});
