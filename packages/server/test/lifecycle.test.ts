import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.stop());

const ids = (list: { id: string }[]) => list.map((item) => item.id);

async function experimentWithRuns(name: string, count: number) {
  const experiment = (await api.json('POST', '/api/v1/experiments', { body: { name } })).body;
  const runs = [];
  for (let index = 0; index < count; index++) runs.push((await api.json('POST', '/api/v1/runs', { body: { experimentId: experiment.id } })).body);
  return { experiment, runs };
}

describe('deleting and restoring', () => {
  test('a deleted run leaves lists and searches unless asked for, stays readable by id, and comes back when restored', async () => {
    const { experiment, runs } = await experimentWithRuns('soft-runs', 2);
    const deleted = await api.json('PATCH', `/api/v1/runs/${runs[0].id}`, { body: { lifecycleStage: 'deleted', deletedAt: 1_700_000_000_000 } });
    expect(deleted.body).toMatchObject({ lifecycleStage: 'deleted', deletedAt: 1_700_000_000_000 });
    expect(ids((await api.json('GET', `/api/v1/experiments/${experiment.id}/runs`)).body.runs)).toEqual([runs[1].id]);
    expect(ids((await api.json('GET', `/api/v1/experiments/${experiment.id}/runs?lifecycle=deleted`)).body.runs)).toEqual([runs[0].id]);
    expect(ids((await api.json('GET', `/api/v1/experiments/${experiment.id}/runs?lifecycle=all`)).body.runs)).toEqual(ids(runs));
    expect(ids((await api.json('POST', '/api/v1/runs/search', { body: { experiments: [experiment.id] } })).body.runs)).toEqual([runs[1].id]);
    expect(ids((await api.json('POST', '/api/v1/runs/search', { body: { experiments: [experiment.id], lifecycle: 'deleted' } })).body.runs)).toEqual([runs[0].id]);
    expect((await api.json('GET', `/api/v1/runs/${runs[0].id}`)).status).toBe(200);
    await api.json('PATCH', `/api/v1/runs/${runs[0].id}`, { body: { lifecycleStage: 'active', deletedAt: null } });
    expect(ids((await api.json('GET', `/api/v1/experiments/${experiment.id}/runs`)).body.runs)).toEqual(ids(runs));
  });

  test('deleting an experiment deletes its runs with it, and restoring brings back the runs that delete took', async () => {
    const { experiment, runs } = await experimentWithRuns('soft-experiment', 2);
    await api.json('PATCH', `/api/v1/runs/${runs[0].id}`, { body: { lifecycleStage: 'deleted', deletedAt: 1_600_000_000_000 } });
    const deleted = await api.json('PUT', `/api/v1/experiments/${experiment.id}/lifecycle`, { body: { stage: 'deleted' } });
    expect(deleted.body.lifecycleStage).toBe('deleted');
    expect(ids((await api.json('GET', '/api/v1/experiments')).body.experiments)).not.toContain(experiment.id);
    expect(ids((await api.json('GET', '/api/v1/experiments?lifecycle=deleted')).body.experiments)).toContain(experiment.id);
    expect((await api.json('POST', '/api/v1/experiments/search', { body: { filter: "name = 'soft-experiment'", lifecycle: 'all' } })).body.experiments).toHaveLength(1);
    expect((await api.json('GET', `/api/v1/experiments/${experiment.id}/runs`)).body.runs).toEqual([]);
    const restored = await api.json('PUT', `/api/v1/experiments/${experiment.id}/lifecycle`, { body: { stage: 'active' } });
    expect(restored.body).toMatchObject({ lifecycleStage: 'active', deletedAt: null });
    // The run deleted on its own before stays deleted.
    expect(ids((await api.json('GET', `/api/v1/experiments/${experiment.id}/runs`)).body.runs)).toEqual([runs[1].id]);
  });

  test('purging refuses what is active, then removes runs and the experiment for good', async () => {
    const { experiment, runs } = await experimentWithRuns('purged', 1);
    expect(await api.json('DELETE', `/api/v1/runs/${runs[0].id}`)).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(await api.json('DELETE', `/api/v1/experiments/${experiment.id}`)).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    await api.json('PUT', `/api/v1/experiments/${experiment.id}/lifecycle`, { body: { stage: 'deleted' } });
    expect((await api.json('DELETE', `/api/v1/experiments/${experiment.id}`)).status).toBe(409);
    expect((await api.json('DELETE', `/api/v1/runs/${runs[0].id}`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/runs/${runs[0].id}`)).status).toBe(404);
    expect((await api.json('DELETE', `/api/v1/experiments/${experiment.id}`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/experiments/${experiment.id}`)).status).toBe(404);
  });
});

describe('names and tags', () => {
  test('an experiment is renamed and described, and a taken name is CONFLICT', async () => {
    const { experiment } = await experimentWithRuns('before-rename', 0);
    const renamed = await api.json('PATCH', `/api/v1/experiments/${experiment.id}`, { body: { name: 'after-rename', description: 'moved' } });
    expect(renamed.body).toMatchObject({ id: experiment.id, name: 'after-rename', description: 'moved' });
    await experimentWithRuns('taken', 0);
    expect(await api.json('PATCH', `/api/v1/experiments/${experiment.id}`, { body: { name: 'taken' } })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect((await api.json('GET', `/api/v1/experiments/${experiment.id}`)).body.name).toBe('after-rename');
  });

  test('tags of experiments and runs are set and deleted, and deleting a missing key is a no-op', async () => {
    const { experiment, runs } = await experimentWithRuns('tagged', 1);
    await api.json('PATCH', `/api/v1/experiments/${experiment.id}/tags`, { body: { tags: { team: 'vision', stage: 'dev' } } });
    expect((await api.json('DELETE', `/api/v1/experiments/${experiment.id}/tags?key=stage&key=absent`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/experiments/${experiment.id}`)).body.tags).toEqual({ team: 'vision' });
    await api.json('PATCH', `/api/v1/runs/${runs[0].id}/tags`, { body: { tags: { a: '1', b: '2' } } });
    expect((await api.json('DELETE', `/api/v1/runs/${runs[0].id}/tags?key=a`)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/runs/${runs[0].id}`)).body.tags).toEqual({ b: '2' });
    expect(await api.json('DELETE', `/api/v1/runs/${runs[0].id}/tags`)).toMatchObject({ status: 400, body: { code: 'INVALID_ARGUMENT' } });
  });

  test('a run is renamed with PATCH', async () => {
    const { runs } = await experimentWithRuns('named-runs', 1);
    expect((await api.json('PATCH', `/api/v1/runs/${runs[0].id}`, { body: { name: 'baseline' } })).body.name).toBe('baseline');
  });
});

describe('keys and comparisons', () => {
  test("an experiment's keys and a comparison of its runs, NaN deltas included", async () => {
    const { experiment, runs } = await experimentWithRuns('compared', 2);
    await api.json('POST', `/api/v1/runs/${runs[0].id}/params`, { body: { params: [{ key: 'lr', value: '0.1' }] } });
    await api.json('POST', `/api/v1/runs/${runs[1].id}/params`, { body: { params: [{ key: 'lr', value: '0.2' }, { key: 'depth', value: '3' }] } });
    await api.json('POST', '/api/v1/metrics', { body: { metrics: [{ runId: runs[0].id, key: 'loss', value: 1 }, { runId: runs[1].id, key: 'loss', value: 'NaN' }] } });
    const keys = await api.json('GET', `/api/v1/experiments/${experiment.id}/keys`, { token: testTokens.reader.token });
    expect(keys.body).toEqual({ params: ['depth', 'lr'], metrics: ['loss'], tags: [] });
    const compared = await api.json('POST', '/api/v1/runs/compare', { token: testTokens.reader.token, body: { runIds: ids(runs) } });
    expect(compared.status).toBe(200);
    expect(compared.body.params).toEqual([
      { key: 'depth', values: [null, '3'], differs: true },
      { key: 'lr', values: ['0.1', '0.2'], differs: true },
    ]);
    expect(compared.body.metrics).toEqual([{ key: 'loss', values: [1, 'NaN'], differs: true, deltas: [0, 'NaN'] }]);
    expect(ids(compared.body.runs)).toEqual(ids(runs));
  });
});

describe('store-contract searches', () => {
  test('the experiment search for providers applies no lifecycle default: the filter alone decides', async () => {
    const { experiment } = await experimentWithRuns('contract-deleted', 0);
    await api.json('PUT', `/api/v1/experiments/${experiment.id}/lifecycle`, { body: { stage: 'deleted' } });
    const reader = testTokens.reader.token;
    const contract = await api.json('POST', '/api/v1/experiments/search-page', { token: reader, body: { filter: "name = 'contract-deleted'" } });
    expect(ids(contract.body.experiments)).toEqual([experiment.id]);
    const people = await api.json('POST', '/api/v1/experiments/search', { token: reader, body: { filter: "name = 'contract-deleted'" } });
    expect(people.body.experiments).toEqual([]);
  });

  test('the run search page for providers counts deleted runs unless the filter leaves them out', async () => {
    const { experiment, runs } = await experimentWithRuns('contract-runs', 2);
    await api.json('PATCH', `/api/v1/runs/${runs[0].id}`, { body: { lifecycleStage: 'deleted', deletedAt: Date.now() } });
    const reader = testTokens.reader.token;
    const all = await api.json('POST', '/api/v1/runs/search-page', { token: reader, body: { experimentIds: [experiment.id], limit: 10, offset: 0 } });
    expect(all.body.runs).toHaveLength(2);
    const active = await api.json('POST', '/api/v1/runs/search-page', { token: reader, body: { experimentIds: [experiment.id], filter: "attributes.lifecycle_stage = 'active'", limit: 10, offset: 0 } });
    expect(ids(active.body.runs)).toEqual([runs[1].id]);
  });
});
