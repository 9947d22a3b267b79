import mlflowPackage from 'mlflow';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

// MLflow compatibility checked with a client no one here wrote: the npm package `mlflow`
// (2.0.7), a Node.js client of MLflow's REST API written for MLflow 1.x, against a real
// server on 127.0.0.1. It has no registry calls; test/mlflow-fixtures.test.ts covers those.

// The package's index.js exports the client class itself; its types describe a module whose default export it is.
const MLflow = mlflowPackage as unknown as (typeof mlflowPackage)['default'];
type MLflowClient = InstanceType<typeof MLflow>;

let api: TestServer;
let mlflow: MLflowClient;
let reader: MLflowClient;

beforeAll(async () => {
  api = await startTestServer();
  mlflow = new MLflow({ endpoint: api.server.url, headers: { authorization: `Bearer ${testTokens.writer.token}` } });
  reader = new MLflow({ endpoint: api.server.url, headers: { authorization: `Bearer ${testTokens.reader.token}` } });
  // The client prints every request body it sends.
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api.stop();
});

/** The status and MLflow error body of a call the client rejected (it throws an Error holding JSON). */
async function failureOf(call: Promise<unknown>): Promise<{ status: number; data: { error_code: string; message: string } }> {
  const error = await call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (rejection: Error) => rejection,
  );
  return JSON.parse(error.message.replace(/^Error: /, ''));
}

describe('experiments through the mlflow npm client', () => {
  test('create, get, list (MLflow 1.x), rename, delete and restore an experiment', async () => {
    const { experiment_id: experimentId } = await mlflow.Experiments.create({ name: 'client-iris', artifact_location: undefined as unknown as string });
    expect(experimentId).toMatch(/^[0-9a-f-]{36}$/);

    const { experiment } = await mlflow.Experiments.get({ experiment_id: experimentId });
    expect(experiment).toMatchObject({ experiment_id: experimentId, name: 'client-iris', lifecycle_stage: 'active', artifact_location: `mlflow-artifacts:/${experimentId}` });
    expect(experiment.creation_time).toBeGreaterThan(0);

    expect((await mlflow.Experiments.list()).experiments.map((found) => found.name)).toContain('client-iris');

    await mlflow.Experiments.update({ experiment_id: experimentId, new_name: 'client-iris-v2' });
    expect((await mlflow.Experiments.get({ experiment_id: experimentId })).experiment.name).toBe('client-iris-v2');

    await mlflow.Experiments.delete({ experiment_id: experimentId });
    expect((await mlflow.Experiments.get({ experiment_id: experimentId })).experiment.lifecycle_stage).toBe('deleted');
    expect((await mlflow.Experiments.list()).experiments.map((found) => found.experiment_id)).not.toContain(experimentId);
    expect((await mlflow.Experiments.list({ view_type: 'DELETED_ONLY' as never })).experiments.map((found) => found.experiment_id)).toEqual([experimentId]);

    await mlflow.Experiments.restore({ experiment_id: experimentId });
    expect((await mlflow.Experiments.get({ experiment_id: experimentId })).experiment.lifecycle_stage).toBe('active');
  });

  test('a taken name is RESOURCE_ALREADY_EXISTS, an unknown id RESOURCE_DOES_NOT_EXIST, as MLflow answers', async () => {
    await mlflow.Experiments.create({ name: 'client-taken', artifact_location: '' });
    expect(await failureOf(mlflow.Experiments.create({ name: 'client-taken', artifact_location: '' }))).toMatchObject({ status: 400, data: { error_code: 'RESOURCE_ALREADY_EXISTS' } });
    expect(await failureOf(mlflow.Experiments.get({ experiment_id: '123456' }))).toMatchObject({ status: 404, data: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
  });

  test("the client's set-experiment-tag call misses a '/' in its URL, so it reaches no endpoint (ENDPOINT_NOT_FOUND)", async () => {
    const { experiment_id: experimentId } = await mlflow.Experiments.create({ name: 'client-tags', artifact_location: '' });
    const failure = await failureOf(mlflow.Experiments.setExperimentTag({ experiment_id: experimentId, key: 'team', value: 'vision' }));
    expect(failure).toMatchObject({ status: 404, data: { error_code: 'ENDPOINT_NOT_FOUND' } });
  });

  test("a run created without an experiment goes to MLflow's Default experiment, id '0'", async () => {
    const { run } = await mlflow.Runs.create({ experiment_id: undefined as unknown as string, user_id: 'ada', start_time: 1_700_000_000_000 });
    expect(run.info.experiment_id).toBe('0');
    expect((await mlflow.Experiments.get({ experiment_id: '0' })).experiment.name).toBe('Default');
  });
});

describe('runs through the mlflow npm client', () => {
  let experimentId: string;
  let runId: string;

  beforeAll(async () => {
    ({ experiment_id: experimentId } = await mlflow.Experiments.create({ name: 'client-runs', artifact_location: '' }));
    const { run } = await mlflow.Runs.create({ experiment_id: experimentId, user_id: 'ada', start_time: 1_700_000_000_000, tags: [{ key: 'team', value: 'vision' }] });
    runId = run.info.run_id;
  });

  test('create keeps the start time, user and tags the client sends, and reports RUNNING', async () => {
    const { run } = await mlflow.Runs.get({ run_id: runId });
    expect(run.info).toMatchObject({ run_id: runId, experiment_id: experimentId, status: 'RUNNING', start_time: 1_700_000_000_000, user_id: 'ada', lifecycle_stage: 'active' });
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
    expect(run.data.tags).toEqual(expect.arrayContaining([{ key: 'team', value: 'vision' }, { key: 'mlflow.user', value: 'ada' }]));
  });

  test('params, metrics (NaN and infinities too), batches and tags are stored and read back', async () => {
    await mlflow.Runs.logParameter({ run_id: runId, key: 'learning_rate', value: '0.01' });
    await mlflow.Runs.logMetric({ run_id: runId, key: 'accuracy', value: 0.5, timestamp: 1_700_000_000_001, step: 0 });
    await mlflow.Runs.logMetric({ run_id: runId, key: 'accuracy', value: 0.93, timestamp: 1_700_000_000_002, step: 1 });
    await mlflow.Runs.logMetric({ run_id: runId, key: 'loss', value: 'NaN' as unknown as number, timestamp: 1_700_000_000_003, step: 0 });
    await mlflow.Runs.logBatch({
      run_id: runId,
      metrics: [
        { key: 'loss', value: 0.4, timestamp: 1_700_000_000_004, step: 1 },
        { key: 'gradient', value: '-Infinity' as unknown as number, timestamp: 1_700_000_000_005, step: 0 },
      ],
      params: [{ key: 'optimizer', value: 'adam' }],
      tags: [{ key: 'stage', value: 'candidate' }],
    });
    await mlflow.Runs.setTag({ run_id: runId, key: 'reviewed', value: 'yes' });
    await mlflow.Runs.deleteTag({ run_id: runId, key: 'stage' });

    const { run } = await mlflow.Runs.get({ run_id: runId });
    expect(run.data.params).toEqual([
      { key: 'learning_rate', value: '0.01' },
      { key: 'optimizer', value: 'adam' },
    ]);
    expect(run.data.metrics).toEqual([
      { key: 'accuracy', value: 0.93 },
      { key: 'gradient', value: '-Infinity' },
      { key: 'loss', value: 0.4 },
    ]);
    const tags = run.data.tags.map((tag) => tag.key);
    expect(tags).toContain('reviewed');
    expect(tags).not.toContain('stage');
  });

  test('metric history lists every point with its step and timestamp; NaN travels as "NaN"', async () => {
    const { metrics } = await mlflow.Metrics.getHistory({ run_id: runId, metric_key: 'loss' });
    expect(metrics).toEqual([
      { key: 'loss', value: 'NaN', timestamp: 1_700_000_000_003, step: 0 },
      { key: 'loss', value: 0.4, timestamp: 1_700_000_000_004, step: 1 },
    ]);
  });

  test('changing a logged param is refused with INVALID_PARAMETER_VALUE, as MLflow refuses it', async () => {
    expect(await failureOf(mlflow.Runs.logParameter({ run_id: runId, key: 'learning_rate', value: '0.02' }))).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });

  test('search finds runs by metric, param and status, in the order asked, with pages', async () => {
    const { run: other } = await mlflow.Runs.create({ experiment_id: experimentId, user_id: 'bob', start_time: 1_700_000_001_000 });
    await mlflow.Runs.logBatch({ run_id: other.info.run_id, metrics: [{ key: 'accuracy', value: 0.97, timestamp: 1, step: 0 }], params: [{ key: 'optimizer', value: 'sgd' }] });

    const byAccuracy = await mlflow.Runs.search({ experiment_ids: [experimentId], filter: 'metrics.accuracy > 0.9', order_by: ['metrics.accuracy DESC'] });
    expect(byAccuracy.runs.map((run) => run.info.run_id)).toEqual([other.info.run_id, runId]);

    const byParam = await mlflow.Runs.search({ experiment_ids: [experimentId], filter: "params.optimizer = 'adam'" });
    expect(byParam.runs.map((run) => run.info.run_id)).toEqual([runId]);

    const firstPage = await mlflow.Runs.search({ experiment_ids: [experimentId], max_results: 1 });
    expect(firstPage.runs).toHaveLength(1);
    expect(firstPage.next_page_token).toBeTruthy();
    const secondPage = await mlflow.Runs.search({ experiment_ids: [experimentId], max_results: 1, page_token: firstPage.next_page_token });
    expect([...firstPage.runs, ...secondPage.runs].map((run) => run.info.run_id).sort()).toEqual([runId, other.info.run_id].sort());

    await mlflow.Runs.update({ run_id: other.info.run_id, status: 'FINISHED' as never, end_time: 1_700_000_002_000 });
    const finished = await mlflow.Runs.search({ experiment_ids: [experimentId], filter: "attributes.status = 'FINISHED'" });
    expect(finished.runs.map((run) => [run.info.run_id, run.info.status, run.info.end_time])).toEqual([[other.info.run_id, 'FINISHED', 1_700_000_002_000]]);
  });

  test('a deleted run leaves searches until restored; run_view_type DELETED_ONLY finds it', async () => {
    const { run } = await mlflow.Runs.create({ experiment_id: experimentId, user_id: 'ada', start_time: 1_700_000_003_000 });
    await mlflow.Runs.delete({ run_id: run.info.run_id });
    expect((await mlflow.Runs.get({ run_id: run.info.run_id })).run.info.lifecycle_stage).toBe('deleted');
    expect((await mlflow.Runs.search({ experiment_ids: [experimentId] })).runs.map((found) => found.info.run_id)).not.toContain(run.info.run_id);
    expect((await mlflow.Runs.search({ experiment_ids: [experimentId], run_view_type: 'DELETED_ONLY' as never })).runs.map((found) => found.info.run_id)).toEqual([run.info.run_id]);
    await mlflow.Runs.restore({ run_id: run.info.run_id });
    expect((await mlflow.Runs.search({ experiment_ids: [experimentId] })).runs.map((found) => found.info.run_id)).toContain(run.info.run_id);
  });

  test('artifacts uploaded through the proxied artifact API are listed by artifacts/list, folder by folder', async () => {
    for (const [name, bytes] of [
      ['model/MLmodel', 'flavors: {}\n'],
      ['model/model.pkl', 'pickled'],
      ['confusion.png', 'png'],
    ] as const) {
      const response = await api.request('PUT', `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/${name}`, { rawBody: bytes, headers: { 'content-type': 'application/octet-stream' } });
      expect(response.status, name).toBe(200);
    }
    const root = await mlflow.Artifacts.list({ run_id: runId, path: undefined as unknown as string });
    expect(root).toEqual({
      root_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
      files: [
        { path: 'confusion.png', is_dir: false, file_size: 3 },
        { path: 'model', is_dir: true },
      ],
    });
    expect((await mlflow.Artifacts.list({ run_id: runId, path: 'model' })).files).toEqual([
      { path: 'model/MLmodel', is_dir: false, file_size: 12 },
      { path: 'model/model.pkl', is_dir: false, file_size: 7 },
    ]);
  });

  test('a read-only token reads but cannot write (PERMISSION_DENIED, 403)', async () => {
    expect((await reader.Runs.get({ run_id: runId })).run.info.run_id).toBe(runId);
    expect((await reader.Runs.search({ experiment_ids: [experimentId] })).runs.length).toBeGreaterThan(0);
    expect(await failureOf(reader.Runs.setTag({ run_id: runId, key: 'x', value: 'y' }))).toMatchObject({ status: 403, data: { error_code: 'PERMISSION_DENIED' } });
  });
});
