import { expect } from 'vitest';
import type { MLOpsContext, RunArtifact } from '@mlops-ts/core';
import { newRegisteredModelRecord } from '../fixtures.js';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

/** Uploads a small model in a new run of `experiment` and returns its artifact. */
export async function uploadModel(mlops: MLOpsContext, experiment: string, content = 'model'): Promise<RunArtifact> {
  const run = await mlops.lifecycle.createRun(experiment);
  return mlops.model.upload(run.id, Buffer.from(content), { name: 'model.bin' });
}

/** The model registry: versions per experiment, latest model, references. */
export const registrySuite: ConcernSuite = (kit) => {
  kit.test('registerModel records the artifact, run, experiment, author and description with version 1', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const experiment = await kit.mlops.lifecycle.getExperiment('iris');
    const before = Date.now();
    const registered = await kit.mlops.model.registerModel('iris', artifact.id, 'ada', 'first model');
    expect(registered).toMatchObject({
      experimentId: experiment.id,
      runId: artifact.runId,
      runArtifactId: artifact.id,
      version: 1,
      registeredBy: 'ada',
      description: 'first model',
    });
    expect(registered.registeredAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(await kit.mlops.model.getRegisteredModels(experiment.id)).toEqual([registered]);
  });

  kit.test('versions count 1, 2, 3 within an experiment and restart at 1 in another', async () => {
    const versions: number[] = [];
    for (let index = 0; index < 3; index++) {
      const artifact = await uploadModel(kit.mlops, 'iris', `iris ${index}`);
      versions.push((await kit.mlops.model.registerModel('iris', artifact.id, 'ada')).version);
    }
    const other = await uploadModel(kit.mlops, 'churn');
    expect(versions).toEqual([1, 2, 3]);
    expect((await kit.mlops.model.registerModel('churn', other.id, 'ada')).version).toBe(1);
  });

  kit.test('one artifact may be registered twice, as two versions', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const first = await kit.mlops.model.registerModel('iris', artifact.id, 'ada');
    const second = await kit.mlops.model.registerModel('iris', artifact.id, 'grace');
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.id).not.toBe(first.id);
  });

  kit.test('getRegisteredModels lists by version and getLatestRegisteredModel returns the highest', async () => {
    const registered = [];
    for (let index = 0; index < 3; index++) {
      const artifact = await uploadModel(kit.mlops, 'iris', `model ${index}`);
      registered.push(await kit.mlops.model.registerModel('iris', artifact.id, 'ada'));
    }
    expect((await kit.mlops.model.getRegisteredModels('iris')).map((model) => model.version)).toEqual([1, 2, 3]);
    expect(await kit.mlops.model.getLatestRegisteredModel('iris')).toEqual(registered[2]);
  });

  kit.test('getLatestRegisteredModel throws NOT_FOUND when the experiment has no registered model', async () => {
    await kit.mlops.lifecycle.createExperiment('iris');
    await expectMLOpsError(kit.mlops.model.getLatestRegisteredModel('iris'), 'NOT_FOUND');
    expect(await kit.mlops.model.getRegisteredModels('iris')).toEqual([]);
  });

  kit.test('registerModel with an unknown artifact id or experiment throws NOT_FOUND and registers nothing', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    await expectMLOpsError(kit.mlops.model.registerModel('iris', '01900000-0000-7000-8000-0000000000aa', 'ada'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.registerModel('no-such-experiment', artifact.id, 'ada'), 'NOT_FOUND');
    expect(await kit.mlops.model.getRegisteredModels('iris')).toEqual([]);
  });

  kit.test('getRegisteredModels of an unknown experiment throws NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.model.getRegisteredModels('no-such-experiment'), 'NOT_FOUND');
  });

  kit.test('the store returns a registered model by id, and null for an unknown id', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const registered = await kit.mlops.model.registerModel('iris', artifact.id, 'ada');
    expect(await kit.store.getRegisteredModel(registered.id)).toEqual(registered);
    expect(await kit.store.getRegisteredModel('01900000-0000-7000-8000-0000000000aa')).toBeNull();
  });

  kit.test('the store assigns the version itself and never reuses one', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const experiment = await kit.mlops.lifecycle.getExperiment('iris');
    const base = { experimentId: experiment.id, runId: artifact.runId, runArtifactId: artifact.id, tags: { stage: 'candidate' } };
    const first = await kit.store.createRegisteredModel(newRegisteredModelRecord({ ...base, registeredAt: 1 }));
    const second = await kit.store.createRegisteredModel(newRegisteredModelRecord({ ...base, registeredAt: 2 }));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(first.tags).toEqual({ stage: 'candidate' });
    expect(await kit.store.listRegisteredModels(experiment.id)).toEqual([first, second]);
  });
};
