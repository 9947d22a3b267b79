import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { newRunRecord } from '../fixtures.js';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownId = '01900000-0000-7000-8000-00000000dead';

/** Delete and restore of runs and experiments: what lists and searches show, and writes refused on deleted runs. */
export const lifecycleSuite: ConcernSuite = (kit) => {
  const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

  kit.test('a deleted run leaves getRuns, searchRuns and getBestRun unless asked for, and getRun still returns it', async () => {
    const kept = await kit.mlops.lifecycle.createRun('iris');
    const removed = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.evaluation.logMetric(kept.id, 'accuracy', 0.8);
    await kit.mlops.evaluation.logMetric(removed.id, 'accuracy', 0.9);
    const before = Date.now();
    const deleted = await kit.mlops.lifecycle.deleteRun(removed.id);
    expect(deleted).toMatchObject({ id: removed.id, lifecycleStage: 'deleted', metrics: { accuracy: 0.9 } });
    expect(deleted.deletedAt).toBeGreaterThanOrEqual(before - 1_000);

    expect(ids(await kit.mlops.lifecycle.getRuns('iris'))).toEqual([kept.id]);
    expect(ids(await kit.mlops.lifecycle.getRuns('iris', { lifecycle: 'deleted' }))).toEqual([removed.id]);
    expect(ids(await kit.mlops.lifecycle.getRuns('iris', { lifecycle: 'all' }))).toEqual([kept.id, removed.id]);
    expect(ids((await kit.mlops.lifecycle.searchRuns({ experiment: 'iris' })).runs)).toEqual([kept.id]);
    expect(ids((await kit.mlops.lifecycle.searchRuns({ experiment: 'iris', lifecycle: 'deleted' })).runs)).toEqual([removed.id]);
    expect(ids((await kit.mlops.lifecycle.searchRuns({ lifecycle: 'all', orderBy: 'attributes.start_time' })).runs)).toEqual([kept.id, removed.id]);
    expect((await kit.mlops.lifecycle.getBestRun('iris', 'accuracy')).id).toBe(kept.id);
    expect((await kit.mlops.lifecycle.getBestRun('iris', 'accuracy', { goal: 'maximize', lifecycle: 'all' })).id).toBe(removed.id);
    expect(await kit.mlops.lifecycle.getRun(removed.id)).toEqual(deleted);
  });

  kit.test('restoreRun brings a deleted run back with its data; deleting or restoring twice changes nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris', { tags: { team: 'vision' } });
    await kit.mlops.training.logHyperParameter(run.id, 'lr', 0.1);
    const deleted = await kit.mlops.lifecycle.deleteRun(run.id);
    expect(await kit.mlops.lifecycle.deleteRun(run.id)).toEqual(deleted);
    const restored = await kit.mlops.lifecycle.restoreRun(run.id);
    expect(restored).toMatchObject({ lifecycleStage: 'active', deletedAt: null, params: { lr: '0.1' }, tags: { team: 'vision' } });
    expect(await kit.mlops.lifecycle.restoreRun(run.id)).toEqual(restored);
    expect(ids(await kit.mlops.lifecycle.getRuns('iris'))).toEqual([run.id]);
  });

  kit.test('every write to a deleted run is CONFLICT saying to restore it, and stores nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, [{ x: 1 }], { name: 'train' });
    await kit.mlops.lifecycle.deleteRun(run.id);
    const refused = { mentions: ['restoreRun'] };
    const source = path.join(kit.tempDir, 'model.onnx');
    await fs.writeFile(source, 'bytes');
    const writes: [string, () => Promise<unknown>][] = [
      ['logMetric', () => kit.mlops.evaluation.logMetric(run.id, 'loss', 1)],
      ['logMetrics', () => kit.mlops.evaluation.logMetrics(run.id, { loss: 1 })],
      ['logHyperParameter', () => kit.mlops.training.logHyperParameter(run.id, 'lr', 0.1)],
      ['setTags', () => kit.mlops.lifecycle.setTags(run.id, { a: '1' })],
      ['deleteRunTags', () => kit.mlops.lifecycle.deleteRunTags(run.id, ['a'])],
      ['setRunName', () => kit.mlops.lifecycle.setRunName(run.id, 'renamed')],
      ['endRun', () => kit.mlops.lifecycle.endRun(run.id)],
      ['setTrainingTime', () => kit.mlops.lifecycle.setTrainingTime(run.id, 5)],
      ['logConfusionMatrix', () => kit.mlops.evaluation.logConfusionMatrix(run.id, { counts: [[1, 0], [0, 1]] })],
      ['logData', () => kit.mlops.data.logData(run.id, [{ x: 1 }], { name: 'test' })],
      ['logDataDistribution', () => kit.mlops.data.logDataDistribution(run.id, [{ x: 1 }], 'x', { name: 'train' })],
      ['registerModelSchema', () => kit.mlops.lifecycle.registerModelSchema(run.id, { inputs: [], outputs: [] })],
      ['logPackageDependencies', () => kit.mlops.lifecycle.logPackageDependencies(run.id, { zod: '3.0.0' })],
      ['upload', () => kit.mlops.model.upload(run.id, source)],
    ];
    for (const [name, write] of writes) {
      const error = await expectMLOpsError(write, 'CONFLICT', refused).catch((failure: Error) => {
        throw new Error(`${name}: ${failure.message}`, { cause: failure });
      });
      expect(error.message, name).toContain(run.id);
    }
    const stored = await kit.mlops.lifecycle.getRun(run.id);
    expect(stored).toMatchObject({ status: 'running', name: null, trainingTimeMs: null, params: {}, metrics: {}, tags: {} });
    expect((await kit.mlops.data.getData(run.id)).map((dataSet) => [dataSet.name, dataSet.distributions.length])).toEqual([['train', 0]]);
    expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([]);
    const blobs: string[] = [];
    for await (const object of kit.repository.list(`runs/${run.id}/`)) blobs.push(object.key);
    expect(blobs).toEqual([]);

    await kit.mlops.lifecycle.restoreRun(run.id);
    await kit.mlops.evaluation.logMetric(run.id, 'loss', 1);
    expect((await kit.mlops.lifecycle.getRun(run.id)).metrics).toEqual({ loss: 1 });
  });

  kit.test('registerModel of a deleted run’s artifact or folder is CONFLICT saying to restore it, and creates no registered model or version', async () => {
    const kept = await kit.mlops.lifecycle.createRun('iris');
    const keptArtifact = await kit.mlops.model.upload(kept.id, Buffer.from('kept'), { name: 'model.bin' });
    await kit.mlops.model.registerModel('iris', keptArtifact.id, 'ada', { model: 'iris-classifier' });
    const run = await kit.mlops.lifecycle.createRun('iris');
    const artifact = await kit.mlops.model.upload(run.id, Buffer.from('deleted'), { name: 'model.bin' });
    await kit.mlops.model.upload(run.id, Buffer.from('graph'), { name: 'model/graph.onnx' });
    await kit.mlops.lifecycle.deleteRun(run.id);
    const registrations: [string, () => Promise<unknown>][] = [
      ['by artifact', () => kit.mlops.model.registerModel('iris', artifact, 'ada')],
      ['by artifact id into an existing model', () => kit.mlops.model.registerModel('iris', artifact.id, 'ada', { model: 'iris-classifier' })],
      ['by path', () => kit.mlops.model.registerModel('iris', { runId: run.id, path: 'model.bin' }, 'ada', { model: 'fresh' })],
      ['by folder', () => kit.mlops.model.registerModel('iris', { runId: run.id, path: 'model/' }, 'ada')],
    ];
    for (const [name, register] of registrations) {
      const error = await expectMLOpsError(register, 'CONFLICT', { mentions: ['restoreRun', run.id] }).catch((failure: Error) => {
        throw new Error(`${name}: ${failure.message}`, { cause: failure });
      });
      expect(error.message, name).toContain(run.id);
    }
    expect((await kit.mlops.model.searchRegisteredModels()).registeredModels.map((model) => model.name)).toEqual(['iris-classifier']);
    expect((await kit.mlops.model.getModelVersions('iris-classifier')).map((version) => version.runId)).toEqual([kept.id]);

    await kit.mlops.lifecycle.restoreRun(run.id);
    expect(await kit.mlops.model.registerModel('iris', artifact.id, 'ada', { model: 'iris-classifier' })).toMatchObject({ version: 2, runId: run.id });
  });

  kit.test('a metric logger writing to a run deleted meanwhile reports CONFLICT at flush', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const logger = kit.mlops.evaluation.logger(run.id, { batchSize: 1_000, flushIntervalMs: 60_000 });
    logger.logMetric('loss', 1, { step: 0 });
    await logger.flush();
    await kit.mlops.lifecycle.deleteRun(run.id);
    logger.logMetric('loss', 0.5, { step: 1 });
    await expectMLOpsError(logger.flush(), 'CONFLICT', { mentions: ['restoreRun'] });
    await logger.close();
    expect(await kit.mlops.evaluation.getMetricHistory(run.id, 'loss')).toHaveLength(1);
  });

  kit.test('the store refuses a metric batch that touches a deleted run, storing none of it', async () => {
    const active = await kit.mlops.lifecycle.createRun('iris');
    const deleted = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.deleteRun(deleted.id);
    const points = [active.id, deleted.id].map((runId) => ({ runId, key: 'loss', value: 1, step: 0, timestamp: Date.now() }));
    await expectMLOpsError(kit.store.logMetrics(points), 'CONFLICT');
    expect(await kit.mlops.evaluation.getMetricHistory(active.id, 'loss')).toEqual([]);
    // updateRun reaches a deleted run only to change its stage.
    await expectMLOpsError(kit.store.updateRun(deleted.id, { status: 'killed' }), 'CONFLICT');
    await kit.store.updateRun(deleted.id, { lifecycleStage: 'active', deletedAt: null });
    expect((await kit.mlops.lifecycle.getRun(deleted.id)).lifecycleStage).toBe('active');
  });

  kit.test('deleteExperiment deletes its active runs at one time; restoreExperiment restores exactly those', async () => {
    const earlier = await kit.mlops.lifecycle.createRun('iris');
    const first = await kit.mlops.lifecycle.createRun('iris');
    const second = await kit.mlops.lifecycle.createRun('iris');
    const other = await kit.mlops.lifecycle.createRun('churn');
    await kit.mlops.lifecycle.deleteRun(earlier.id);
    const earlierDeletedAt = (await kit.mlops.lifecycle.getRun(earlier.id)).deletedAt;

    const experiment = await kit.mlops.lifecycle.deleteExperiment('iris');
    expect(experiment).toMatchObject({ name: 'iris', lifecycleStage: 'deleted' });
    for (const run of [first, second]) expect(await kit.mlops.lifecycle.getRun(run.id)).toMatchObject({ lifecycleStage: 'deleted', deletedAt: experiment.deletedAt });
    expect((await kit.mlops.lifecycle.getRun(other.id)).lifecycleStage).toBe('active');
    expect((await kit.mlops.lifecycle.getExperiments()).map((listed) => listed.name)).toEqual(['churn']);
    expect((await kit.mlops.lifecycle.getExperiments({ lifecycle: 'deleted' })).map((listed) => listed.name)).toEqual(['iris']);
    expect((await kit.mlops.lifecycle.searchExperiments()).map((listed) => listed.name)).toEqual(['churn']);
    expect((await kit.mlops.lifecycle.searchExperiments({ lifecycle: 'all', orderBy: 'name' })).map((listed) => listed.name)).toEqual(['churn', 'iris']);
    expect(await kit.mlops.lifecycle.getExperiment('iris')).toEqual(experiment);
    expect(ids((await kit.mlops.lifecycle.searchRuns()).runs)).toEqual([other.id]);
    expect(new Set(ids((await kit.mlops.lifecycle.searchRuns({ lifecycle: 'deleted' })).runs))).toEqual(new Set([earlier.id, first.id, second.id]));

    const restored = await kit.mlops.lifecycle.restoreExperiment('iris');
    expect(restored).toMatchObject({ lifecycleStage: 'active', deletedAt: null });
    expect(ids(await kit.mlops.lifecycle.getRuns('iris'))).toEqual([first.id, second.id]);
    expect(await kit.mlops.lifecycle.getRun(earlier.id)).toMatchObject({ lifecycleStage: 'deleted', deletedAt: earlierDeletedAt });
    expect(await kit.mlops.lifecycle.restoreExperiment('iris')).toEqual(restored);
  });

  kit.test('deleting a deleted experiment again keeps its time and finishes an interrupted delete', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const deleted = await kit.mlops.lifecycle.deleteExperiment('iris');
    expect((await kit.mlops.lifecycle.getRun(run.id)).deletedAt).toBe(deleted.deletedAt);
    // A run the first delete did not reach (as after a crash half-way).
    const missed = newRunRecord({ experimentId: deleted.id });
    await kit.store.createRun(missed);
    const again = await kit.mlops.lifecycle.deleteExperiment('iris');
    expect(again.deletedAt).toBe(deleted.deletedAt);
    expect(await kit.mlops.lifecycle.getRun(missed.id)).toMatchObject({ lifecycleStage: 'deleted', deletedAt: deleted.deletedAt });
    await kit.mlops.lifecycle.restoreExperiment('iris');
    expect(new Set(ids(await kit.mlops.lifecycle.getRuns('iris')))).toEqual(new Set([run.id, missed.id]));
  });

  kit.test('a deleted experiment takes no runs, no new experiment of its name and no restored run: CONFLICT saying to restore it', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.deleteExperiment('iris');
    await expectMLOpsError(kit.mlops.lifecycle.createRun('iris'), 'CONFLICT', { mentions: ['restoreExperiment'] });
    await expectMLOpsError(kit.mlops.lifecycle.createExperiment('iris'), 'CONFLICT', { mentions: ['restoreExperiment'] });
    await expectMLOpsError(kit.mlops.lifecycle.restoreRun(run.id), 'CONFLICT', { mentions: ['restoreExperiment'] });
    expect(await kit.mlops.lifecycle.getRuns('iris', { lifecycle: 'all' })).toHaveLength(1);
    expect(await kit.mlops.lifecycle.getExperiments({ lifecycle: 'all' })).toHaveLength(1);
  });

  kit.test('attributes.lifecycle_stage and deleted_at filter and order runs and experiments; a filter naming the stage decides alone', async () => {
    const kept = await kit.mlops.lifecycle.createRun('iris');
    const removed = await kit.mlops.lifecycle.createRun('iris');
    const { deletedAt } = await kit.mlops.lifecycle.deleteRun(removed.id);
    const search = (filter: string, lifecycle?: 'active' | 'deleted' | 'all') => kit.mlops.lifecycle.searchRuns({ experiment: 'iris', filter, ...(lifecycle ? { lifecycle } : {}) });
    expect(ids((await search("attributes.lifecycle_stage = 'deleted'")).runs)).toEqual([removed.id]);
    expect(ids((await search("lifecycle_stage = 'active'")).runs)).toEqual([kept.id]);
    expect(ids((await search(`attributes.deleted_at >= ${deletedAt}`)).runs)).toEqual([]);
    expect(ids((await search(`attributes.deleted_at >= ${deletedAt}`, 'all')).runs)).toEqual([removed.id]);
    expect(ids((await search('attributes.deleted_at IS NULL', 'all')).runs)).toEqual([kept.id]);
    expect(ids((await search("attributes.lifecycle_stage = 'deleted'", 'active')).runs)).toEqual([]);
    await expectMLOpsError(search("attributes.lifecycle_stage = 'archived'"), 'INVALID_ARGUMENT');
    await kit.mlops.lifecycle.createExperiment('churn');
    await kit.mlops.lifecycle.deleteExperiment('churn');
    expect((await kit.mlops.lifecycle.searchExperiments({ filter: "lifecycle_stage = 'deleted'" })).map((experiment) => experiment.name)).toEqual(['churn']);
  });

  kit.test('unknown ids and names are NOT_FOUND and a bad lifecycle option INVALID_ARGUMENT, changing nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.lifecycle.deleteRun(unknownId), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.restoreRun(unknownId), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.deleteExperiment('unknown'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.restoreExperiment(unknownId), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.deleteRun(''), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.getRuns('iris', { lifecycle: 'archived' as never }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.getExperiments({ lifecycle: 'ALL' as never }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ lifecycle: 'gone' as never }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.store.setExperimentLifecycle(unknownId, 'deleted', Date.now()), 'NOT_FOUND');
    expect((await kit.mlops.lifecycle.getRun(run.id)).lifecycleStage).toBe('active');
    expect((await kit.mlops.lifecycle.getExperiment('iris')).lifecycleStage).toBe('active');
  });

  kit.test('the store lists active items by default and every stage when asked', async () => {
    const experiment = await kit.mlops.lifecycle.createExperiment('iris');
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.deleteRun(run.id);
    expect(await kit.store.listRuns(experiment.id)).toEqual([]);
    expect(ids(await kit.store.listRuns(experiment.id, { lifecycle: 'all' }))).toEqual([run.id]);
    await kit.mlops.lifecycle.deleteExperiment('iris');
    expect(await kit.store.listExperiments()).toEqual([]);
    expect(ids(await kit.store.listExperiments({ lifecycle: 'deleted' }))).toEqual([experiment.id]);
  });
};
