import { MLOpsContext, MLOpsError, type ModelRepositoryV1 } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite, SuiteKit } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const day = 24 * 3600 * 1000;

/** Keys stored under a prefix, sorted. */
async function keysUnder(repository: ModelRepositoryV1, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of repository.list(prefix)) keys.push(object.key);
  return keys.sort();
}

/** A run with a param, metric history, tag, data set with a distribution, confusion matrix, schema and two artifacts. */
async function fullRun(kit: SuiteKit, experiment: string) {
  const run = await kit.mlops.lifecycle.createRun(experiment, { tags: { team: 'vision' } });
  await kit.mlops.training.logHyperParameter(run.id, 'lr', 0.1);
  await kit.mlops.evaluation.logMetrics(run.id, [
    { key: 'loss', value: 1, step: 0 },
    { key: 'loss', value: 0.5, step: 1 },
  ]);
  await kit.mlops.data.logData(run.id, [{ x: 1 }, { x: 2 }], { name: 'train' });
  await kit.mlops.data.logDataDistribution(run.id, [{ x: 1 }, { x: 2 }], 'x');
  await kit.mlops.evaluation.logConfusionMatrix(run.id, { counts: [[1, 0], [0, 1]] });
  await kit.mlops.lifecycle.registerModelSchema(run.id, { inputs: [{ name: 'x', elementType: 'float32', shape: [-1, 1] }], outputs: [] });
  const model = await kit.mlops.model.upload(run.id, Buffer.from('model'), { name: 'model.bin' });
  await kit.mlops.model.upload(run.id, Buffer.from('notes'), { name: 'docs/notes.txt' });
  return { run, model };
}

/**
 * A repository that fails its `failAfter`-th and later deletes, as a crash half-way
 * through a purge would leave it.
 */
function failingDeletes(repository: ModelRepositoryV1, failAfter: number): ModelRepositoryV1 {
  let deletes = 0;
  return {
    specificationVersion: 'v1',
    providerId: repository.providerId,
    put: (key, body, options) => repository.put(key, body, options),
    get: (key) => repository.get(key),
    copy: (sourceKey, destinationKey) => repository.copy(sourceKey, destinationKey),
    exists: (key) => repository.exists(key),
    list: (prefix) => repository.list(prefix),
    uri: (key) => repository.uri(key),
    async delete(key) {
      if (++deletes > failAfter) throw new MLOpsError('UNAVAILABLE', 'The repository went away. Retry.');
      await repository.delete(key);
    },
  };
}

/** Purge: deleted runs and experiments removed for good, blobs first, refusing registered runs, finishing after a crash. */
export const purgeSuite: ConcernSuite = (kit) => {
  kit.test('purge removes deleted runs with their records and blobs, and leaves active runs alone', async () => {
    const kept = await fullRun(kit, 'iris');
    const { run: purged } = await fullRun(kit, 'iris');
    await kit.mlops.lifecycle.deleteRun(purged.id);
    const result = await kit.mlops.lifecycle.purge();
    expect(result).toEqual({ runs: [purged.id], experiments: [], blobs: 2 });
    await expectMLOpsError(kit.mlops.lifecycle.getRun(purged.id), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.evaluation.getMetricHistory(purged.id, 'loss'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.data.getData(purged.id), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.getRunArtifacts(purged.id), 'NOT_FOUND');
    expect(await kit.store.getConfusionMatrix(purged.id).catch((error: unknown) => MLOpsError.hasCode(error, 'NOT_FOUND'))).toBe(true);
    expect(await keysUnder(kit.repository, `runs/${purged.id}/`)).toEqual([]);
    expect(await kit.store.getRunArtifact(kept.model.id)).toEqual(kept.model);
    expect(await keysUnder(kit.repository, `runs/${kept.run.id}/`)).toHaveLength(2);
    expect(await kit.mlops.lifecycle.getRun(kept.run.id)).toMatchObject({ params: { lr: '0.1' }, metrics: { loss: 0.5 }, tags: { team: 'vision' } });
    expect(await kit.mlops.lifecycle.listKeys('iris', { lifecycle: 'all' })).toEqual({ params: ['lr'], metrics: ['loss'], tags: ['team'] });
    expect(await kit.mlops.lifecycle.purge()).toEqual({ runs: [], experiments: [], blobs: 0 });
  });

  kit.test('purge removes a deleted experiment with all its runs, and its name can be used again', async () => {
    const { run } = await fullRun(kit, 'iris');
    const other = await kit.mlops.lifecycle.createRun('churn');
    const experiment = await kit.mlops.lifecycle.deleteExperiment('iris');
    await kit.mlops.lifecycle.setExperimentTags('churn', { team: 'growth' });
    expect(await kit.mlops.lifecycle.purge()).toEqual({ runs: [run.id], experiments: [experiment.id], blobs: 2 });
    await expectMLOpsError(kit.mlops.lifecycle.getExperiment('iris'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.getExperiment(experiment.id), 'NOT_FOUND');
    expect(await kit.mlops.lifecycle.getExperiments({ lifecycle: 'all' })).toHaveLength(1);
    const again = await kit.mlops.lifecycle.createExperiment('iris');
    expect(again.id).not.toBe(experiment.id);
    expect(await kit.mlops.lifecycle.createRun('iris')).toMatchObject({ experimentId: again.id });
    expect((await kit.mlops.lifecycle.getRun(other.id)).lifecycleStage).toBe('active');
  });

  kit.test('olderThanMs purges only items deleted at least that long ago, and { experiment } only that experiment', async () => {
    const old = await kit.mlops.lifecycle.createRun('iris');
    const recent = await kit.mlops.lifecycle.createRun('iris');
    const elsewhere = await kit.mlops.lifecycle.createRun('churn');
    for (const run of [old, recent, elsewhere]) await kit.mlops.lifecycle.deleteRun(run.id);
    await kit.store.updateRun(old.id, { lifecycleStage: 'deleted', deletedAt: Date.now() - 10 * day });
    await kit.store.updateRun(elsewhere.id, { lifecycleStage: 'deleted', deletedAt: Date.now() - 10 * day });
    expect(await kit.mlops.lifecycle.purge({ olderThanMs: day, experiment: 'iris' })).toEqual({ runs: [old.id], experiments: [], blobs: 0 });
    expect((await kit.mlops.lifecycle.getRun(recent.id)).lifecycleStage).toBe('deleted');
    expect((await kit.mlops.lifecycle.getRun(elsewhere.id)).lifecycleStage).toBe('deleted');
    expect(await kit.mlops.lifecycle.purge({ olderThanMs: day })).toEqual({ runs: [elsewhere.id], experiments: [], blobs: 0 });
    expect(await kit.mlops.lifecycle.purge({ olderThanMs: 0 })).toEqual({ runs: [recent.id], experiments: [], blobs: 0 });
  });

  kit.test('purge refuses runs whose artifact backs a registered model version, naming them, and removes nothing', async () => {
    const { run: registered, model } = await fullRun(kit, 'iris');
    const { run: plain } = await fullRun(kit, 'iris');
    const version = await kit.mlops.model.registerModel('iris', model.id, 'ada');
    await kit.mlops.lifecycle.deleteExperiment('iris');
    const error = await expectMLOpsError(kit.mlops.lifecycle.purge(), 'CONFLICT', { mentions: [registered.id, `version ${version.version}`] });
    expect(error.message).not.toContain(plain.id);
    for (const run of [registered, plain]) {
      expect((await kit.mlops.lifecycle.getRun(run.id)).lifecycleStage).toBe('deleted');
      expect(await keysUnder(kit.repository, `runs/${run.id}/`)).toHaveLength(2);
    }
    expect(await kit.mlops.lifecycle.getExperiments({ lifecycle: 'deleted' })).toHaveLength(1);
  });

  kit.test('a purge that fails half-way in the repository is finished by running it again: no blob or row left', async () => {
    const runs = [await fullRun(kit, 'iris'), await fullRun(kit, 'iris'), await fullRun(kit, 'iris')].map(({ run }) => run);
    const experiment = await kit.mlops.lifecycle.deleteExperiment('iris');
    // Three blobs deleted, then the repository fails: the second run is half-purged.
    const crashing = new MLOpsContext(kit.store, failingDeletes(kit.repository, 3), { captureRunContext: false });
    await expectMLOpsError(crashing.lifecycle.purge(), 'UNAVAILABLE');
    const left = await kit.mlops.lifecycle.getRuns('iris', { lifecycle: 'deleted' });
    expect(left.length).toBeGreaterThan(0);
    const result = await kit.mlops.lifecycle.purge();
    expect(result.experiments).toEqual([experiment.id]);
    expect(new Set([...result.runs, ...runs.map((run) => run.id).filter((id) => !left.some((run) => run.id === id))])).toEqual(new Set(runs.map((run) => run.id)));
    for (const run of runs) {
      await expectMLOpsError(kit.mlops.lifecycle.getRun(run.id), 'NOT_FOUND');
      expect(await keysUnder(kit.repository, `runs/${run.id}/`)).toEqual([]);
    }
    await expectMLOpsError(kit.mlops.lifecycle.getExperiment(experiment.id), 'NOT_FOUND');
  });

  kit.test('purging a parent run leaves its child runs without a parent', async () => {
    const parent = await kit.mlops.lifecycle.createRun('iris');
    const child = await kit.mlops.lifecycle.createRun('iris', { parentRunId: parent.id });
    await kit.mlops.lifecycle.deleteRun(parent.id);
    await kit.mlops.lifecycle.purge();
    expect(await kit.mlops.lifecycle.getRun(child.id)).toMatchObject({ parentRunId: null, lifecycleStage: 'active' });
  });

  kit.test('purge refuses bad options with INVALID_ARGUMENT and an unknown experiment with NOT_FOUND, removing nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.deleteRun(run.id);
    await expectMLOpsError(kit.mlops.lifecycle.purge({ olderThanMs: -1 }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.purge({ olderThanMs: Number.NaN }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.purge('all' as never), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.purge({ experiment: 'unknown' }), 'NOT_FOUND');
    expect((await kit.mlops.lifecycle.getRun(run.id)).lifecycleStage).toBe('deleted');
  });

  kit.test('the store purges only deleted runs and deleted experiments without runs', async () => {
    const experiment = await kit.mlops.lifecycle.createExperiment('iris');
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.store.purgeRun(run.id), 'CONFLICT');
    await expectMLOpsError(kit.store.purgeExperiment(experiment.id), 'CONFLICT');
    await kit.mlops.lifecycle.deleteExperiment('iris');
    await expectMLOpsError(kit.store.purgeExperiment(experiment.id), 'CONFLICT', { mentions: ['1 run'] });
    await expectMLOpsError(kit.store.purgeRun('01900000-0000-7000-8000-00000000dead'), 'NOT_FOUND');
    await kit.store.purgeRun(run.id);
    await kit.store.purgeExperiment(experiment.id);
    expect(await kit.store.getExperimentById(experiment.id)).toBeNull();
    expect(await kit.store.getExperimentByName('iris')).toBeNull();
  });
};
