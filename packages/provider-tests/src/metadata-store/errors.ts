import { MLOpsError } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { newDataSetRecord, newRunArtifactRecord, newRunRecord } from '../fixtures.js';
import { expectMLOpsError } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

/** Errors: codes, provider ids, messages; nothing stored on failure; copies out of the store. */
export const errorsSuite: ConcernSuite = (kit) => {
  kit.test('a NOT_FOUND error is an MLOpsError that names the run and says what to do', async () => {
    const error = await expectMLOpsError(kit.mlops.lifecycle.getRun(unknownRunId), 'NOT_FOUND');
    expect(MLOpsError.isInstance(error)).toBe(true);
    expect(error.message).toContain(unknownRunId);
    expect(error.message.split('. ').length).toBeGreaterThanOrEqual(2);
  });

  kit.test('every store write on an unknown run throws NOT_FOUND carrying the store’s provider id', async () => {
    const store = kit.store;
    const writes: [string, () => Promise<unknown>][] = [
      ['updateRun', () => store.updateRun(unknownRunId, { status: 'finished' })],
      ['setRunTags', () => store.setRunTags(unknownRunId, { a: 'b' })],
      ['logParams', () => store.logParams(unknownRunId, [{ key: 'lr', value: '0.1' }])],
      ['logMetrics', () => store.logMetrics([{ runId: unknownRunId, key: 'loss', value: 1, step: 0, timestamp: 1 }])],
      ['saveConfusionMatrix', () => store.saveConfusionMatrix({ runId: unknownRunId, labels: ['a'], counts: [[1]], precision: [1], recall: [1] })],
      ['saveDataSet', () => store.saveDataSet(newDataSetRecord({ runId: unknownRunId }))],
      ['saveDataDistribution', () => store.saveDataDistribution(unknownRunId, 'data', { column: 'c', kind: 'categorical', valueCounts: [] })],
      ['createRunArtifact', () => store.createRunArtifact(newRunArtifactRecord({ id: '01900000-0000-7000-8000-0000000000a1', runId: unknownRunId }))],
      ['saveModelSchema', () => store.saveModelSchema({ runId: unknownRunId, inputs: [], outputs: [] })],
      ['savePackageDependencies', () => store.savePackageDependencies(unknownRunId, [{ name: 'a', version: '1' }])],
    ];
    for (const [method, write] of writes) {
      const error = await expectMLOpsError(write, 'NOT_FOUND').catch((cause: unknown) => {
        throw new Error(`${method} on an unknown run did not throw NOT_FOUND.`, { cause });
      });
      expect(error.providerId, `${method} error's providerId`).toBe(store.providerId);
    }
    expect(await store.getRunArtifact('01900000-0000-7000-8000-0000000000a1')).toBeNull();
  });

  kit.test('store reads keyed by an unknown run id throw NOT_FOUND, while getRun returns null', async () => {
    const store = kit.store;
    const reads: [string, () => Promise<unknown>][] = [
      ['getMetricHistory', () => store.getMetricHistory(unknownRunId, 'loss')],
      ['getConfusionMatrix', () => store.getConfusionMatrix(unknownRunId)],
      ['listDataSets', () => store.listDataSets(unknownRunId)],
      ['listRunArtifacts', () => store.listRunArtifacts(unknownRunId)],
      ['getModelSchema', () => store.getModelSchema(unknownRunId)],
      ['listPackageDependencies', () => store.listPackageDependencies(unknownRunId)],
    ];
    for (const [method, read] of reads) {
      await expectMLOpsError(read, 'NOT_FOUND').catch((cause: unknown) => {
        throw new Error(`${method} on an unknown run did not throw NOT_FOUND.`, { cause });
      });
    }
    expect(await store.getRun(unknownRunId)).toBeNull();
  });

  kit.test('store createRun with an unknown experiment throws NOT_FOUND', async () => {
    await expectMLOpsError(
      kit.store.createRun(newRunRecord({ id: '01900000-0000-7000-8000-0000000000c1', experimentId: '01900000-0000-7000-8000-0000000000e1' })),
      'NOT_FOUND',
    );
    expect(await kit.store.getRun('01900000-0000-7000-8000-0000000000c1')).toBeNull();
  });

  kit.test('objects returned by the store are copies: mutating them changes nothing stored', async () => {
    const experiment = await kit.mlops.lifecycle.createExperiment('iris', { tags: { team: 'a' } });
    const run = await kit.mlops.lifecycle.createRun('iris', { tags: { owner: 'ada' } });
    await kit.mlops.training.logHyperParameter(run.id, 'lr', 0.1);
    await kit.mlops.evaluation.logMetric(run.id, 'accuracy', 0.9);
    await kit.mlops.evaluation.logConfusionMatrix(run.id, { counts: [[1, 0], [0, 1]] });

    const fetched = (await kit.store.getRun(run.id))!;
    fetched.tags.owner = 'mallory';
    fetched.params.lr = '999';
    fetched.metrics.accuracy = 0;
    const [listedExperiment] = await kit.store.listExperiments();
    listedExperiment!.tags.team = 'changed';
    listedExperiment!.name = 'changed';
    const matrix = (await kit.store.getConfusionMatrix(run.id))!;
    matrix.counts[0]![0] = 1_000;

    expect(await kit.store.getRun(run.id)).toMatchObject({ tags: { owner: 'ada' }, params: { lr: '0.1' }, metrics: { accuracy: 0.9 } });
    expect(await kit.store.getExperimentById(experiment.id)).toMatchObject({ name: 'iris', tags: { team: 'a' } });
    expect((await kit.store.getConfusionMatrix(run.id))!.counts[0]![0]).toBe(1);
  });

  kit.test('objects passed to the store are not kept by reference', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const tags = { stage: 'one' };
    await kit.store.setRunTags(run.id, tags);
    tags.stage = 'mutated';
    const schema = { runId: run.id, inputs: [{ name: 'x', elementType: 'float32', shape: [1] as (number | string | null)[] }], outputs: [] };
    await kit.store.saveModelSchema(schema);
    schema.inputs[0]!.shape.push(99);
    expect((await kit.store.getRun(run.id))!.tags.stage).toBe('one');
    expect((await kit.store.getModelSchema(run.id))!.inputs[0]!.shape).toEqual([1]);
  });

  kit.test('tags with an empty key or an over-long value are INVALID_ARGUMENT and store nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.lifecycle.setTags(run.id, { '': 'x' }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.setTags(run.id, { ok: 'fine', long: 'v'.repeat(8001) }), 'INVALID_ARGUMENT');
    expect((await kit.mlops.lifecycle.getRun(run.id)).tags).toEqual({});
    await kit.mlops.lifecycle.setTags(run.id, { long: 'v'.repeat(8000) });
    expect((await kit.mlops.lifecycle.getRun(run.id)).tags.long).toHaveLength(8000);
  });
};
