import { uuidv7 } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.stop());

describe('experiments', () => {
  test('an experiment created with the id and time the core assigned keeps them, and its name finds it', async () => {
    const id = uuidv7();
    const created = await api.json('POST', '/api/v1/experiments', { body: { id, name: 'iris', description: 'flowers', tags: { team: 'vision' }, createdAt: 1_700_000_000_000 } });
    expect(created).toMatchObject({ status: 200, body: { id, name: 'iris', description: 'flowers', tags: { team: 'vision' }, createdAt: 1_700_000_000_000 } });
    expect(await api.json('GET', `/api/v1/experiments/${id}`)).toMatchObject({ status: 200, body: { id, name: 'iris' } });
    expect((await api.json('GET', '/api/v1/experiments?name=iris')).body.experiments.map((experiment: { id: string }) => experiment.id)).toEqual([id]);
    expect((await api.json('GET', '/api/v1/experiments?name=absent')).body).toEqual({ experiments: [] });
    // The same name again answers the stored experiment, as the store contract says.
    const again = await api.json('POST', '/api/v1/experiments', { body: { id: uuidv7(), name: 'iris', createdAt: 1 } });
    expect(again.body.id).toBe(id);
    expect(again.body.createdAt).toBe(1_700_000_000_000);
  });

  test('an experiment created by name only gets an id and a creation time from the server', async () => {
    const before = Date.now();
    const { status, body } = await api.json('POST', '/api/v1/experiments', { body: { name: 'by-name-only' } });
    expect(status).toBe(200);
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.createdAt).toBeGreaterThanOrEqual(before);
    expect(body).toMatchObject({ description: null, tags: {} });
  });

  test('searching experiments filters and orders them', async () => {
    await api.json('POST', '/api/v1/experiments', { body: { name: 'mnist', tags: { team: 'vision' } } });
    await api.json('POST', '/api/v1/experiments', { body: { name: 'churn', tags: { team: 'growth' } } });
    const { status, body } = await api.json('POST', '/api/v1/experiments/search', { token: 'reader-token-0123456789abcdef', body: { filter: "tags.team = 'vision'", orderBy: ['name'] } });
    expect(status).toBe(200);
    expect(body.experiments.map((experiment: { name: string }) => experiment.name)).toEqual(['iris', 'mnist']);
  });
});

describe('runs', () => {
  test('a run keeps the id, start time and tags the client sent, and reads back with params and latest metrics', async () => {
    const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name: 'runs' } })).body;
    const id = uuidv7();
    const created = await api.json('POST', '/api/v1/runs', {
      body: { id, experimentId: experiment.id, name: 'first', startTime: 1_700_000_000_123, gitCommit: 'abc123', tags: { 'mlops.user': 'alice' } },
    });
    expect(created).toMatchObject({ status: 201, body: { id, experimentId: experiment.id, name: 'first', status: 'running', startTime: 1_700_000_000_123, params: {}, metrics: {}, tags: { 'mlops.user': 'alice' } } });

    expect((await api.json('POST', `/api/v1/runs/${id}/params`, { body: { params: [{ key: 'lr', value: '0.01' }] } })).status).toBe(204);
    expect((await api.json('POST', '/api/v1/metrics', { body: { metrics: [{ runId: id, key: 'loss', value: 0.5, step: 1 }, { runId: id, key: 'loss', value: 0.25, step: 2 }] } })).status).toBe(204);
    expect((await api.json('PATCH', `/api/v1/runs/${id}/tags`, { body: { tags: { stage: 'tuning' } } })).status).toBe(204);
    const ended = await api.json('PATCH', `/api/v1/runs/${id}`, { body: { status: 'finished', endTime: 1_700_000_100_000, trainingTimeMs: 1234.5 } });
    expect(ended).toMatchObject({ status: 200, body: { status: 'finished', endTime: 1_700_000_100_000, trainingTimeMs: 1234.5 } });

    const read = await api.json('GET', `/api/v1/runs/${id}`);
    expect(read.body).toMatchObject({ params: { lr: '0.01' }, metrics: { loss: 0.25 }, tags: { 'mlops.user': 'alice', stage: 'tuning' } });
    expect((await api.json('GET', `/api/v1/experiments/${experiment.id}/runs`)).body.runs.map((run: { id: string }) => run.id)).toEqual([id]);
    expect((await api.json('GET', '/api/v1/runs?gitCommit=abc123')).body.runs.map((run: { id: string }) => run.id)).toEqual([id]);
  });

  test('a param logged again with another value is CONFLICT and changes nothing', async () => {
    const run = await newRun('params');
    await api.json('POST', `/api/v1/runs/${run.id}/params`, { body: { params: [{ key: 'lr', value: '0.01' }] } });
    const conflict = await api.json('POST', `/api/v1/runs/${run.id}/params`, { body: { params: [{ key: 'depth', value: '3' }, { key: 'lr', value: '0.1' }] } });
    expect(conflict).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect((await api.json('GET', `/api/v1/runs/${run.id}`)).body.params).toEqual({ lr: '0.01' });
  });

  test('NaN and ±Infinity survive the trip as strings, in latest values and in history', async () => {
    const run = await newRun('non-finite');
    const metrics = [
      { runId: run.id, key: 'loss', value: 'NaN', step: 0 },
      { runId: run.id, key: 'gain', value: 'Infinity', step: 0 },
      { runId: run.id, key: 'drop', value: '-Infinity', step: 0 },
    ];
    expect((await api.json('POST', '/api/v1/metrics', { body: { metrics } })).status).toBe(204);
    expect((await api.json('GET', `/api/v1/runs/${run.id}`)).body.metrics).toEqual({ loss: 'NaN', gain: 'Infinity', drop: '-Infinity' });
    expect(Number.isNaN((await api.mlops.lifecycle.getRun(run.id)).metrics.loss)).toBe(true);
    const history = await api.json('GET', `/api/v1/runs/${run.id}/metric-history?key=gain`);
    expect(history.body.metrics).toMatchObject([{ key: 'gain', value: 'Infinity', step: 0 }]);
  });

  test('metric history is ordered by step, bounded by steps, and down-sampled to maxPoints', async () => {
    const run = await newRun('history');
    const metrics = Array.from({ length: 1_000 }, (_, step) => ({ runId: run.id, key: 'train/loss', value: 1 / (step + 1), step, timestamp: 1_700_000_000_000 + step }));
    expect((await api.json('POST', '/api/v1/metrics', { body: { metrics } })).status).toBe(204);
    const all = await api.json('GET', `/api/v1/runs/${run.id}/metric-history?key=${encodeURIComponent('train/loss')}`);
    expect(all.body.metrics).toHaveLength(1_000);
    const range = await api.json('GET', `/api/v1/runs/${run.id}/metric-history?key=train/loss&startStep=10&endStep=19`);
    expect(range.body.metrics.map((point: { step: number }) => point.step)).toEqual(Array.from({ length: 10 }, (_, index) => 10 + index));
    const sampled = await api.json('GET', `/api/v1/runs/${run.id}/metric-history?key=train/loss&maxPoints=40`);
    expect(sampled.body.metrics.length).toBeLessThanOrEqual(40);
    expect(sampled.body.metrics).toEqual(await api.mlops.evaluation.getMetricHistory(run.id, 'train/loss', { maxPoints: 40 }));
    expect(sampled.body.metrics.at(0).step).toBe(0);
    expect(sampled.body.metrics.at(-1).step).toBe(999);
  });

  test('searching runs pages with tokens, and the store-contract page skips by offset under a maxRunId', async () => {
    const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name: 'search' } })).body;
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      const run = (await api.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body;
      await api.json('POST', '/api/v1/metrics', { body: { metrics: [{ runId: run.id, key: 'accuracy', value: index / 10 }] } });
      ids.push(run.id);
    }
    const reader = 'reader-token-0123456789abcdef';
    const first = await api.json('POST', '/api/v1/runs/search', { token: reader, body: { experiments: ['search'], filter: 'metrics.accuracy >= 0.1', orderBy: ['metrics.accuracy DESC'], limit: 2 } });
    expect(first.status).toBe(200);
    expect(first.body.runs.map((run: { id: string }) => run.id)).toEqual([ids[4], ids[3]]);
    const second = await api.json('POST', '/api/v1/runs/search', { token: reader, body: { experiments: ['search'], filter: 'metrics.accuracy >= 0.1', orderBy: ['metrics.accuracy DESC'], limit: 2, pageToken: first.body.nextPageToken } });
    expect(second.body.runs.map((run: { id: string }) => run.id)).toEqual([ids[2], ids[1]]);
    expect(second.body.nextPageToken).toBeUndefined();

    const page = await api.json('POST', '/api/v1/runs/search-page', { token: reader, body: { experimentIds: [experiment.id], orderBy: ['metrics.accuracy ASC'], limit: 2, offset: 1 } });
    expect(page.body).toMatchObject({ hasMore: true, maxRunId: ids[4] });
    expect(page.body.runs.map((run: { id: string }) => run.id)).toEqual([ids[1], ids[2]]);
    const bounded = await api.json('POST', '/api/v1/runs/search-page', { token: reader, body: { experimentIds: [experiment.id], orderBy: ['metrics.accuracy ASC'], limit: 10, offset: 0, maxRunId: ids[2] } });
    expect(bounded.body.runs.map((run: { id: string }) => run.id)).toEqual(ids.slice(0, 3));
    expect(bounded.body.hasMore).toBe(false);
  });

  test('a search with a broken filter answers INVALID_ARGUMENT with the position', async () => {
    const { status, body } = await api.json('POST', '/api/v1/runs/search', { body: { filter: 'metrics.accuracy >> 1' } });
    expect(status).toBe(400);
    expect(body.code).toBe('INVALID_ARGUMENT');
    expect(body.message).toMatch(/position|column|at /i);
  });
});

async function newRun(experimentName: string): Promise<{ id: string; experimentId: string }> {
  const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name: experimentName } })).body;
  return (await api.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body;
}
