import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

let api: TestServer;
let runId: string;
beforeAll(async () => {
  api = await startTestServer();
  const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name: 'retried' } })).body;
  runId = (await api.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body.id;
});
afterAll(() => api.stop());

const batch = (key: string, step: number) => ({ metrics: [{ runId, key, value: 0.5, step }, { runId, key, value: 0.25, step: step + 1 }] });
const send = (body: unknown, idempotencyKey?: string, token: string = testTokens.writer.token) =>
  api.request('POST', '/api/v1/metrics', { body, token, headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey } });
const history = async (key: string) => (await api.json('GET', `/api/v1/runs/${runId}/metric-history?key=${key}`)).body.metrics as { step: number }[];

test('a metric batch sent again with its Idempotency-Key is stored once; without a key or with another key, again', async () => {
  const key = randomUUID();
  for (let attempt = 0; attempt < 3; attempt++) expect((await send(batch('once', 0), key)).status).toBe(204);
  expect((await history('once')).map((point) => point.step)).toEqual([0, 1]);

  expect((await send(batch('twice', 0))).status).toBe(204);
  expect((await send(batch('twice', 0))).status).toBe(204);
  expect(await history('twice')).toHaveLength(4);
  expect((await send(batch('other-keys', 0), randomUUID())).status).toBe(204);
  expect((await send(batch('other-keys', 0), randomUUID())).status).toBe(204);
  expect(await history('other-keys')).toHaveLength(4);
});

test('repeats arriving while the first is being stored wait for it and store nothing more', async () => {
  const key = randomUUID();
  const answers = await Promise.all(Array.from({ length: 8 }, () => send(batch('concurrent', 10), key)));
  expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(204));
  expect((await history('concurrent')).map((point) => point.step)).toEqual([10, 11]);
});

test('a batch that failed is not remembered: its retry with the same key is stored', async () => {
  const key = randomUUID();
  expect((await api.json('PATCH', `/api/v1/runs/${runId}`, { body: { lifecycleStage: 'deleted', deletedAt: Date.now() } })).status).toBe(200);
  expect((await send(batch('after-failure', 0), key)).status).toBe(409);
  expect((await api.json('PATCH', `/api/v1/runs/${runId}`, { body: { lifecycleStage: 'active', deletedAt: null } })).status).toBe(200);
  expect((await send(batch('after-failure', 0), key)).status).toBe(204);
  expect(await history('after-failure')).toHaveLength(2);
});

test("keys are kept per token: another token's batch with the same key is stored", async () => {
  const key = randomUUID();
  const other = { name: 'second-writer', token: 'second-writer-token-0123456789', scope: 'write' } as const;
  const server = await startTestServer({ tokens: [testTokens.writer, other] });
  try {
    const experiment = (await server.json('POST', '/api/v1/experiments', { body: { name: 'tokens' } })).body;
    const run = (await server.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body;
    const body = { metrics: [{ runId: run.id, key: 'loss', value: 1, step: 0 }] };
    for (const token of [testTokens.writer.token, other.token]) {
      expect((await server.request('POST', '/api/v1/metrics', { body, token, headers: { 'idempotency-key': key } })).status).toBe(204);
    }
    expect((await server.json('GET', `/api/v1/runs/${run.id}/metric-history?key=loss`)).body.metrics).toHaveLength(2);
  } finally {
    await server.stop();
  }
});

test('an Idempotency-Key that is empty, too long or holds spaces is INVALID_ARGUMENT', async () => {
  for (const key of ['', 'a'.repeat(201), 'two words']) {
    const answer = await send(batch('bad-key', 0), key);
    expect(answer.status, JSON.stringify(key)).toBe(400);
    expect(((await answer.json()) as { code: string }).code).toBe('INVALID_ARGUMENT');
  }
  expect(await history('bad-key')).toEqual([]);
});
