import { beforeEach, describe, expect, it } from 'vitest';
import {
  newDataSetRecord,
  newDeploymentRecord,
  newDeploymentTargetRecord,
  newExperimentRecord,
  newModelVersionRecord,
  newRegisteredModelRecord,
  newRunArtifactRecord,
  newRunRecord,
} from '../../../provider-tests/src/fixtures.js';
import type { Experiment, Metric, RunArtifact, RunInfo } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import { InMemoryMetadataStore } from './in-memory-metadata-store.js';

const experiment = (name: string, createdAt = 1_000): Experiment => newExperimentRecord({ name, createdAt });
const run = (experimentId: string, overrides: Partial<RunInfo> = {}): RunInfo => newRunRecord({ experimentId, startTime: 2_000, ...overrides });
const artifact = (runId: string, name: string): RunArtifact => newRunArtifactRecord({ runId, name, createdAt: 3_000 });

describe('InMemoryMetadataStore', () => {
  let store: InMemoryMetadataStore;
  let experimentId: string;
  let runId: string;

  beforeEach(async () => {
    store = new InMemoryMetadataStore();
    experimentId = (await store.createExperiment(experiment('iris'))).id;
    const info = run(experimentId);
    await store.createRun(info);
    runId = info.id;
  });

  it('declares specification v1 and provider id memory', () => {
    expect(store.specificationVersion).toBe('v1');
    expect(store.providerId).toBe('memory');
  });

  it('createExperiment returns the stored experiment when the name exists', async () => {
    const again = await store.createExperiment({ ...experiment('iris'), description: 'ignored' });
    expect(again.id).toBe(experimentId);
    expect(again.description).toBeNull();
    expect(await store.listExperiments()).toHaveLength(1);
  });

  it('lists experiments oldest first, by createdAt then id', async () => {
    await store.createExperiment(experiment('late', 5_000));
    await store.createExperiment(experiment('early', 10));
    expect((await store.listExperiments()).map((e) => e.name)).toEqual(['early', 'iris', 'late']);
  });

  it('createRun throws NOT_FOUND for an unknown experiment or parent run', async () => {
    await expect(store.createRun(run(uuidv7()))).rejects.toMatchObject({ code: 'NOT_FOUND', providerId: 'memory' });
    await expect(store.createRun(run(experimentId, { parentRunId: uuidv7() }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('writes to an unknown run throw NOT_FOUND and store nothing', async () => {
    const missing = uuidv7();
    const point: Metric = { runId, key: 'loss', value: 1, step: 0, timestamp: 1 };
    await expect(store.logParams(missing, [{ key: 'a', value: '1' }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.logMetrics([point, { ...point, runId: missing }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.updateRun(missing, { status: 'finished' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.setRunTags(missing, { a: 'b' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.createRunArtifact(artifact(missing, 'm'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.getMetricHistory(runId, 'loss')).toEqual([]);
  });

  it('a param conflict stores nothing from the batch', async () => {
    await store.logParams(runId, [{ key: 'lr', value: '0.1' }]);
    const error = await store.logParams(runId, [{ key: 'new', value: 'x' }, { key: 'lr', value: '0.2' }]).catch((e: unknown) => e);
    expect(MLOpsError.hasCode(error, 'CONFLICT')).toBe(true);
    expect((await store.getRun(runId))?.params).toEqual({ lr: '0.1' });
  });

  it('a param logged again with the same value is a no-op, and a conflict inside one batch is refused', async () => {
    await store.logParams(runId, [{ key: 'lr', value: '0.1' }]);
    await store.logParams(runId, [{ key: 'lr', value: '0.1' }]);
    await expect(store.logParams(runId, [{ key: 'k', value: '1' }, { key: 'k', value: '2' }])).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.getRun(runId))?.params).toEqual({ lr: '0.1' });
  });

  it('latest metric is the highest step, then latest timestamp, then latest insertion', async () => {
    const at = (value: number, step: number, timestamp: number): Metric => ({ runId, key: 'acc', value, step, timestamp });
    await store.logMetrics([at(1, 5, 100), at(2, 3, 900), at(3, 5, 50)]);
    expect((await store.getRun(runId))?.metrics).toEqual({ acc: 1 });
    await store.logMetrics([at(4, 5, 100)]);
    expect((await store.getRun(runId))?.metrics).toEqual({ acc: 4 });
    const history = await store.getMetricHistory(runId, 'acc');
    expect(history.map((m) => m.value)).toEqual([2, 3, 1, 4]);
    expect(history[0]).toEqual({ runId, key: 'acc', value: 2, step: 3, timestamp: 900 });
    expect((await store.getMetricHistory(runId, 'acc', { startStep: 4, endStep: 5 })).map((m) => m.value)).toEqual([3, 1, 4]);
  });

  it('keeps NaN and ±Infinity metric values', async () => {
    await store.logMetrics([
      { runId, key: 'nan', value: Number.NaN, step: 0, timestamp: 1 },
      { runId, key: 'inf', value: Number.POSITIVE_INFINITY, step: 0, timestamp: 1 },
      { runId, key: 'neg', value: Number.NEGATIVE_INFINITY, step: 0, timestamp: 1 },
    ]);
    const { metrics } = (await store.getRun(runId))!;
    expect(metrics.nan).toBeNaN();
    expect(metrics.inf).toBe(Number.POSITIVE_INFINITY);
    expect(metrics.neg).toBe(Number.NEGATIVE_INFINITY);
  });

  it('returns copies: mutating a result never changes the store', async () => {
    await store.setRunTags(runId, { team: 'a' });
    const fetched = (await store.getRun(runId))!;
    fetched.tags.team = 'changed';
    fetched.params.x = 'y';
    const experiments = await store.listExperiments();
    experiments[0]!.name = 'changed';
    const stored = (await store.getRun(runId))!;
    expect(stored.tags).toEqual({ team: 'a' });
    expect(stored.params).toEqual({});
    expect((await store.getExperimentById(experimentId))?.name).toBe('iris');
  });

  it('updateRun changes only the given fields and setRunTags keeps other tags', async () => {
    await store.setRunTags(runId, { a: '1', b: '2' });
    await store.setRunTags(runId, { b: '3' });
    await store.updateRun(runId, { status: 'finished', endTime: 9_000 });
    await store.updateRun(runId, { trainingTimeMs: 7_000 });
    const stored = (await store.getRun(runId))!;
    expect(stored).toMatchObject({ status: 'finished', endTime: 9_000, trainingTimeMs: 7_000, tags: { a: '1', b: '3' } });
  });

  it('lists runs by experiment and by git commit, oldest first', async () => {
    const later = run(experimentId, { startTime: 9_000, gitCommit: 'abc' });
    const earlier = run(experimentId, { startTime: 1_000, gitCommit: 'abc' });
    await store.createRun(later);
    await store.createRun(earlier);
    expect((await store.listRuns(experimentId)).map((r) => r.id)).toEqual([earlier.id, runId, later.id]);
    expect((await store.listRunsByGitCommit('abc')).map((r) => r.id)).toEqual([earlier.id, later.id]);
    expect(await store.listRuns(uuidv7())).toEqual([]);
  });

  it('numbers model versions 1, 2, 3 per registered model', async () => {
    const [iris, other] = await Promise.all([store.createRegisteredModel(newRegisteredModelRecord()), store.createRegisteredModel(newRegisteredModelRecord())]);
    const first = artifact(runId, 'model.onnx');
    await store.createRunArtifact(first);
    const versions = await Promise.all(
      [iris!, iris!, other!, iris!].map((model) => store.createModelVersion(newModelVersionRecord({ runId, runArtifactId: first.id, registeredModelId: model.id }))),
    );
    expect(versions.map((m) => m.version)).toEqual([1, 2, 1, 3]);
    expect((await store.listModelVersions(iris!.id)).map((m) => m.version)).toEqual([1, 2, 3]);
  });

  it('refuses a second artifact of the same name with CONFLICT', async () => {
    await store.createRunArtifact(artifact(runId, 'model.onnx'));
    await expect(store.createRunArtifact(artifact(runId, 'model.onnx'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.listRunArtifacts(runId)).toHaveLength(1);
  });

  it('saveDataSet replaces by name and keeps distributions only when the new set has none', async () => {
    await store.saveDataSet(newDataSetRecord({ runId, rowCount: 1 }));
    await store.saveDataDistribution(runId, 'data', { column: 'c', kind: 'categorical', valueCounts: [{ value: 'a', count: 1 }] });
    await store.saveDataSet(newDataSetRecord({ runId, rowCount: 2 }));
    let [stored] = await store.listDataSets(runId);
    expect(stored).toMatchObject({ rowCount: 2, distributions: [{ column: 'c' }] });
    await store.saveDataSet(newDataSetRecord({ runId, distributions: [{ column: 'd', kind: 'categorical', valueCounts: [] }] }));
    [stored] = await store.listDataSets(runId);
    expect(stored?.distributions.map((d) => d.column)).toEqual(['d']);
    await expect(store.saveDataDistribution(runId, 'nope', { column: 'c', kind: 'categorical', valueCounts: [] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('createDeploymentTarget is idempotent by name and deployments keep history', async () => {
    const target = await store.createDeploymentTarget(newDeploymentTargetRecord({ name: 'Test', createdAt: 1 }));
    const again = await store.createDeploymentTarget(newDeploymentTargetRecord({ name: 'Test', isProduction: true, createdAt: 2 }));
    expect(again).toEqual(target);
    const model = artifact(runId, 'model.onnx');
    await store.createRunArtifact(model);
    const registeredModel = await store.createRegisteredModel(newRegisteredModelRecord());
    const registered = await store.createModelVersion(newModelVersionRecord({ registeredModelId: registeredModel.id, runId, runArtifactId: model.id }));
    const deployment = { deploymentTargetId: target.id, registeredModelId: registeredModel.id, modelVersionId: registered.id };
    await store.createDeployment(newDeploymentRecord({ ...deployment, deployedAt: 20 }));
    await store.createDeployment(newDeploymentRecord({ ...deployment, deployedAt: 10 }));
    expect((await store.listDeployments({ registeredModelId: registeredModel.id })).map((d) => d.deployedAt)).toEqual([10, 20]);
  });

  it('package dependencies are replaced and listed by name', async () => {
    await store.savePackageDependencies(runId, [{ name: 'zod', version: '3' }, { name: 'ajv', version: '8' }]);
    expect((await store.listPackageDependencies(runId)).map((d) => d.name)).toEqual(['ajv', 'zod']);
    await store.savePackageDependencies(runId, [{ name: 'onnx', version: '1' }]);
    expect(await store.listPackageDependencies(runId)).toEqual([{ runId, name: 'onnx', version: '1' }]);
  });
});
