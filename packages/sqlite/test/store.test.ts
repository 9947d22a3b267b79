import path from 'node:path';
import { downsampleMetricHistory, MLOpsError, uuidv7, type Metric, type RunArtifact } from '@mlops-ts/core';
import { newDataSetRecord, newDeploymentRecord, newDeploymentTargetRecord, newModelVersionRecord, newRegisteredModelRecord, newRunArtifactRecord } from '@mlops-ts/provider-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLiteMetadataStore } from '../src/index.js';
import { createTempFolder, newExperiment, newRun, openStore } from './temp-database.js';

let temp: ReturnType<typeof createTempFolder>;
let store: SQLiteMetadataStore;

beforeEach(async () => {
  temp = createTempFolder();
  store = await openStore(temp.folder);
});

afterEach(async () => {
  await store.close();
  temp.cleanup();
});

async function expectCode(action: Promise<unknown>, code: string): Promise<MLOpsError> {
  const error = await action.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(MLOpsError.isInstance(error), `expected an MLOpsError ${code}, got ${String(error)}`).toBe(true);
  expect((error as MLOpsError).code).toBe(code);
  expect((error as MLOpsError).providerId).toBe('sqlite');
  return error as MLOpsError;
}

async function createRunInNewExperiment(name = 'iris') {
  const experiment = await store.createExperiment(newExperiment(name));
  const run = newRun(experiment.id);
  await store.createRun(run);
  return { experiment, run };
}

function artifactOf(runId: string, name = 'model.onnx'): RunArtifact {
  return newRunArtifactRecord({ runId, name, sizeBytes: 3, sha256: 'ab'.repeat(32) });
}

describe('SQLiteMetadataStore', () => {
  it('identifies itself as the sqlite provider of specification v1', () => {
    expect(store.providerId).toBe('sqlite');
    expect(store.specificationVersion).toBe('v1');
  });

  it('createExperiment returns the stored experiment when the name exists, even from 20 concurrent calls on two connections', async () => {
    const other = await openStore(temp.folder);
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) => (index % 2 ? store : other).createExperiment(newExperiment('shared'))),
      );
      expect(new Set(results.map((experiment) => experiment.id)).size).toBe(1);
      expect(await store.listExperiments()).toEqual([results[0]]);
    } finally {
      await other.close();
    }
  });

  it('lists experiments oldest first and finds them by id and name', async () => {
    const later = await store.createExperiment(newExperiment('b', 2_000));
    const earlier = await store.createExperiment({ ...newExperiment('a', 1_000), description: 'first', tags: { team: 'x' } });
    expect(await store.listExperiments()).toEqual([earlier, later]);
    expect(await store.getExperimentById(earlier.id)).toEqual(earlier);
    expect(await store.getExperimentByName('b')).toEqual(later);
    expect(await store.getExperimentByName('missing')).toBeNull();
  });

  it('createRun refuses an unknown experiment or parent run with NOT_FOUND, and a reused id with CONFLICT', async () => {
    const { experiment, run } = await createRunInNewExperiment();
    await expectCode(store.createRun(newRun(uuidv7())), 'NOT_FOUND');
    await expectCode(store.createRun(newRun(experiment.id, { parentRunId: uuidv7() })), 'NOT_FOUND');
    await expectCode(store.createRun(newRun(experiment.id, { id: run.id })), 'CONFLICT');
    const child = newRun(experiment.id, { parentRunId: run.id });
    await store.createRun(child);
    expect((await store.getRun(child.id))?.parentRunId).toBe(run.id);
  });

  it('updateRun sets only the given fields and setRunTags merges tags', async () => {
    const { run } = await createRunInNewExperiment();
    await store.updateRun(run.id, { status: 'finished', endTime: 5_000 });
    await store.updateRun(run.id, { trainingTimeMs: 12.5 });
    await store.setRunTags(run.id, { owner: 'ada', team: 'x' });
    await store.setRunTags(run.id, { team: 'y' });
    expect(await store.getRun(run.id)).toMatchObject({ status: 'finished', endTime: 5_000, trainingTimeMs: 12.5, tags: { owner: 'ada', team: 'y' } });
    await expectCode(store.updateRun(uuidv7(), { status: 'failed' }), 'NOT_FOUND');
    await expectCode(store.updateRun(uuidv7(), {}), 'NOT_FOUND');
    await expectCode(store.setRunTags(uuidv7(), { a: 'b' }), 'NOT_FOUND');
  });

  it('lists runs by experiment and by git commit, oldest first, with params and latest metrics', async () => {
    const experiment = await store.createExperiment(newExperiment('iris'));
    const second = newRun(experiment.id, { startTime: 2_000, gitCommit: 'abc' });
    const first = newRun(experiment.id, { startTime: 1_000, gitCommit: 'abc' });
    const other = newRun(experiment.id, { startTime: 3_000, gitCommit: 'def' });
    for (const run of [second, first, other]) await store.createRun(run);
    await store.logParams(first.id, [{ key: 'lr', value: '0.1' }]);
    await store.logMetrics([{ runId: first.id, key: 'acc', value: 0.5, step: 0, timestamp: 1 }]);
    expect((await store.listRuns(experiment.id)).map((run) => run.id)).toEqual([first.id, second.id, other.id]);
    const byCommit = await store.listRunsByGitCommit('abc');
    expect(byCommit.map((run) => run.id)).toEqual([first.id, second.id]);
    expect(byCommit[0]).toMatchObject({ params: { lr: '0.1' }, metrics: { acc: 0.5 } });
    expect(await store.listRuns(uuidv7())).toEqual([]);
  });

  it('logParams treats the same value as a no-op and a changed value as CONFLICT that stores nothing of the batch', async () => {
    const { run } = await createRunInNewExperiment();
    await store.logParams(run.id, [{ key: 'lr', value: '0.1' }]);
    await store.logParams(run.id, [{ key: 'lr', value: '0.1' }]);
    await expectCode(
      store.logParams(run.id, [
        { key: 'epochs', value: '10' },
        { key: 'lr', value: '0.2' },
      ]),
      'CONFLICT',
    );
    await expectCode(store.logParams(run.id, [{ key: 'a', value: '1' }, { key: 'a', value: '2' }]), 'CONFLICT');
    expect((await store.getRun(run.id))?.params).toEqual({ lr: '0.1' });
    await expectCode(store.logParams(uuidv7(), [{ key: 'lr', value: '0.1' }]), 'NOT_FOUND');
  });

  it('keeps NaN, ±Infinity and -0 metric values exactly, in history and latest values', async () => {
    const { run } = await createRunInNewExperiment();
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 5e-324, Number.MAX_VALUE, 3];
    await store.logMetrics(values.map((value, step) => ({ runId: run.id, key: 'loss', value, step, timestamp: 1_000 })));
    const history = await store.getMetricHistory(run.id, 'loss');
    expect(history.map((point) => point.value)).toEqual(values);
    expect(Object.is(history[3]!.value, -0)).toBe(true);
    for (const [index, value] of values.entries()) {
      await store.logMetrics([{ runId: run.id, key: `v${index}`, value, step: 0, timestamp: 1 }]);
      expect(Object.is((await store.getRun(run.id))?.metrics[`v${index}`], value)).toBe(true);
    }
  });

  it('takes the latest metric by highest step, then latest timestamp, then latest insertion, across batches', async () => {
    const { run } = await createRunInNewExperiment();
    const point = (value: number, step: number, timestamp: number): Metric => ({ runId: run.id, key: 'acc', value, step, timestamp });
    await store.logMetrics([point(1, 5, 100), point(2, 3, 900)]);
    expect((await store.getRun(run.id))?.metrics.acc).toBe(1);
    await store.logMetrics([point(3, 5, 50)]);
    expect((await store.getRun(run.id))?.metrics.acc).toBe(1);
    await store.logMetrics([point(4, 5, 100)]);
    expect((await store.getRun(run.id))?.metrics.acc).toBe(4);
    await store.logMetrics([point(5, 6, 1), point(6, 6, 1)]);
    expect((await store.getRun(run.id))?.metrics.acc).toBe(6);
    const history = await store.getMetricHistory(run.id, 'acc');
    expect(history.map((metric) => metric.value)).toEqual([2, 3, 1, 4, 5, 6]);
    expect((await store.getMetricHistory(run.id, 'acc', { startStep: 5, endStep: 5 })).map((metric) => metric.value)).toEqual([3, 1, 4]);
  });

  it('logMetrics with an unknown run among the points stores none of them', async () => {
    const { run } = await createRunInNewExperiment();
    const unknownRunId = uuidv7();
    await expectCode(
      store.logMetrics([
        { runId: run.id, key: 'acc', value: 1, step: 0, timestamp: 1 },
        { runId: unknownRunId, key: 'acc', value: 1, step: 0, timestamp: 1 },
      ]),
      'NOT_FOUND',
    );
    expect(await store.getMetricHistory(run.id, 'acc')).toEqual([]);
    await expectCode(store.getMetricHistory(unknownRunId, 'acc'), 'NOT_FOUND');
  });

  // Its speed is a `pnpm bench` figure (sqlite.logMetrics.batched, against raw inserts), not a
  // timed assertion that a loaded machine could fail.
  it('logMetrics stores 100,000 points given in one call, every one in order', async () => {
    const { run } = await createRunInNewExperiment();
    const points = Array.from({ length: 100_000 }, (_, step) => ({ runId: run.id, key: 'loss', value: 1 / (step + 1), step, timestamp: step }));
    await store.logMetrics(points);
    const history = await store.getMetricHistory(run.id, 'loss');
    expect(history).toHaveLength(100_000);
    expect(history.every((point, index) => point.step === index && point.value === points[index]!.value)).toBe(true);
    expect(history[99_999]).toEqual(points[99_999]);
    expect((await store.getRun(run.id))?.metrics.loss).toBe(1 / 100_000);
  });

  it('down-samples in the database exactly as the core does: NaN-only and empty buckets, ties, sparse and repeated steps', async () => {
    const { run } = await createRunInNewExperiment();
    const points: Metric[] = [];
    for (let step = 0; step < 3_000; step += step < 1_000 ? 1 : 7) {
      const value = step >= 400 && step < 700 ? Number.NaN : step % 50 === 0 ? 0.5 : Math.round(Math.sin(step / 30) * 4) / 4;
      points.push({ runId: run.id, key: 'loss', value, step, timestamp: 1 });
      if (step % 97 === 0) points.push({ runId: run.id, key: 'loss', value: -value, step, timestamp: 1 });
    }
    points.push({ runId: run.id, key: 'loss', value: Number.NEGATIVE_INFINITY, step: 5_000, timestamp: 1 }, { runId: run.id, key: 'loss', value: -0, step: 9_000, timestamp: 2 });
    await store.logMetrics(points);
    const full = await store.getMetricHistory(run.id, 'loss');
    for (const maxPoints of [4, 40, 333, 1_000]) {
      expect(await store.getSampledMetricHistory(run.id, 'loss', {}, maxPoints)).toEqual(downsampleMetricHistory(full, maxPoints));
    }
    const range = { startStep: 350, endStep: 2_000 };
    expect(await store.getSampledMetricHistory(run.id, 'loss', range, 60)).toEqual(downsampleMetricHistory(await store.getMetricHistory(run.id, 'loss', range), 60));
  });

  it('stores confusion matrices with NaN precision and replaces them', async () => {
    const { run } = await createRunInNewExperiment();
    const matrix = { runId: run.id, labels: ['a', 'b'], counts: [[1, 0], [2, 0]], precision: [1 / 3, Number.NaN], recall: [1, 0] };
    await store.saveConfusionMatrix(matrix);
    expect(await store.getConfusionMatrix(run.id)).toEqual(matrix);
    await store.saveConfusionMatrix({ ...matrix, labels: ['x', 'y'] });
    expect((await store.getConfusionMatrix(run.id))?.labels).toEqual(['x', 'y']);
    await expectCode(store.saveConfusionMatrix({ ...matrix, runId: uuidv7() }), 'NOT_FOUND');
  });

  it('replaces a data set by name, keeping its distributions only when the new one has none', async () => {
    const { run } = await createRunInNewExperiment();
    const numeric = {
      column: 'x',
      kind: 'numeric' as const,
      summary: { count: 0, nullCount: 2, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, mean: Number.NaN, stddev: Number.NaN },
      histogram: { binEdges: [0, 1], counts: [0] },
    };
    const categorical = { column: 'y', kind: 'categorical' as const, valueCounts: [{ value: 'a', count: 2 }] };
    const dataSet = newDataSetRecord({ runId: run.id, sha256: '00', rowCount: 2, columns: [{ name: 'x', type: 'number' }], distributions: [numeric], createdAt: 1 });
    await store.saveDataSet(dataSet);
    await store.saveDataDistribution(run.id, 'data', categorical);
    await store.saveDataDistribution(run.id, 'data', { ...numeric, histogram: { binEdges: [0, 2], counts: [2] } });
    const replaced = { ...dataSet, id: uuidv7(), sha256: '11', distributions: [] };
    await store.saveDataSet(replaced);
    const [stored] = await store.listDataSets(run.id);
    expect(stored).toEqual({ ...replaced, distributions: [{ ...numeric, histogram: { binEdges: [0, 2], counts: [2] } }, categorical] });
    await store.saveDataSet({ ...replaced, distributions: [categorical] });
    expect((await store.listDataSets(run.id))[0]?.distributions).toEqual([categorical]);
    await expectCode(store.saveDataDistribution(run.id, 'missing', categorical), 'NOT_FOUND');
  });

  it('refuses a second artifact of the same name with CONFLICT', async () => {
    const { run } = await createRunInNewExperiment();
    const artifact = artifactOf(run.id);
    await store.createRunArtifact(artifact);
    await expectCode(store.createRunArtifact(artifactOf(run.id)), 'CONFLICT');
    expect(await store.listRunArtifacts(run.id)).toEqual([artifact]);
    expect(await store.getRunArtifact(artifact.id)).toEqual(artifact);
    expect(await store.getRunArtifact(uuidv7())).toBeNull();
  });

  it('stores model schemas and package dependencies, replacing earlier ones', async () => {
    const { run } = await createRunInNewExperiment();
    const schema = { runId: run.id, inputs: [{ name: 'x', elementType: 'float32', shape: [null, 4, 'batch'] }], outputs: [] };
    await store.saveModelSchema(schema);
    expect(await store.getModelSchema(run.id)).toEqual(schema);
    await store.savePackageDependencies(run.id, [{ name: 'zod', version: '3' }, { name: 'a', version: '1' }]);
    await store.savePackageDependencies(run.id, [{ name: 'zod', version: '4' }, { name: 'b', version: '2' }]);
    expect(await store.listPackageDependencies(run.id)).toEqual([
      { runId: run.id, name: 'b', version: '2' },
      { runId: run.id, name: 'zod', version: '4' },
    ]);
    await expectCode(store.getModelSchema(uuidv7()), 'NOT_FOUND');
  });

  it('numbers model versions 1, 2, 3 … per registered model under 30 concurrent registrations on two connections', async () => {
    const { run } = await createRunInNewExperiment();
    const artifact = artifactOf(run.id);
    await store.createRunArtifact(artifact);
    const registeredModel = await store.createRegisteredModel(newRegisteredModelRecord());
    const other = await openStore(temp.folder);
    try {
      const model = () => newModelVersionRecord({ registeredModelId: registeredModel.id, runId: run.id, runArtifactId: artifact.id });
      const registered = await Promise.all(Array.from({ length: 30 }, (_, index) => (index % 2 ? store : other).createModelVersion(model())));
      expect(registered.map((entry) => entry.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect((await store.listModelVersions(registeredModel.id)).map((entry) => entry.version)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      expect(await store.getModelVersion(registered[0]!.id)).toEqual(registered[0]);
      await expectCode(store.createModelVersion({ ...model(), runArtifactId: uuidv7() }), 'NOT_FOUND');
      await expectCode(store.createModelVersion({ ...model(), registeredModelId: uuidv7() }), 'NOT_FOUND');
    } finally {
      await other.close();
    }
  });

  it('creates deployment targets once by name and keeps the deployment history in order', async () => {
    const { experiment, run } = await createRunInNewExperiment();
    const artifact = artifactOf(run.id);
    await store.createRunArtifact(artifact);
    const registeredModel = await store.createRegisteredModel(newRegisteredModelRecord({ tags: { team: 'vision' } }));
    const model = await store.createModelVersion(
      newModelVersionRecord({ registeredModelId: registeredModel.id, runId: run.id, runArtifactId: artifact.id, registeredAt: 1, description: 'first', tags: { a: 'b' } }),
    );
    const target = await store.createDeploymentTarget(newDeploymentTargetRecord({ name: 'Production', isProduction: true, createdAt: 1 }));
    expect(await store.createDeploymentTarget(newDeploymentTargetRecord({ name: 'Production', createdAt: 2 }))).toEqual(target);
    expect(await store.getDeploymentTargetByName('Production')).toEqual(target);
    expect(await store.listDeploymentTargets()).toEqual([target]);
    const deployment = (deployedAt: number) =>
      newDeploymentRecord({ deploymentTargetId: target.id, registeredModelId: registeredModel.id, modelVersionId: model.id, deployedAt, uri: `file:///x/${deployedAt}` });
    const [later, earlier] = [deployment(20), deployment(10)];
    await store.createDeployment(later);
    await store.createDeployment(earlier);
    expect(await store.listDeployments({ registeredModelId: registeredModel.id })).toEqual([earlier, later]);
    await expectCode(store.createDeployment({ ...deployment(30), deploymentTargetId: uuidv7() }), 'NOT_FOUND');
    await expectCode(store.createDeployment({ ...deployment(30), registeredModelId: uuidv7() }), 'NOT_FOUND');
    await expectCode(store.createDeployment({ ...deployment(30), modelVersionId: uuidv7() }), 'NOT_FOUND');
  });

  it('keeps everything after close and reopen, and refuses calls on a closed store with UNAVAILABLE', async () => {
    const { experiment } = await createRunInNewExperiment();
    await store.close();
    await expectCode(store.listExperiments(), 'UNAVAILABLE');
    store = await openStore(temp.folder);
    expect(await store.listExperiments()).toEqual([experiment]);
  });

  it("works in memory with ':memory:', resolves relative paths at once and creates missing folders", async () => {
    const memory = new SQLiteMetadataStore({ path: ':memory:' });
    await memory.createExperiment(newExperiment('iris'));
    expect(await memory.listExperiments()).toHaveLength(1);
    await memory.close();
    expect(new SQLiteMetadataStore({ path: 'relative.db' }).path).toBe(path.resolve('relative.db'));
    const nested = new SQLiteMetadataStore({ path: path.join(temp.folder, 'a', 'b', 'mlops.db') });
    await nested.connect();
    expect(await nested.listExperiments()).toEqual([]);
    await nested.close();
  });
});
