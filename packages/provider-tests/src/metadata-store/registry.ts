import { Writable } from 'node:stream';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import type { MLOpsContext, RunArtifact } from '@mlops-ts/core';
import { newModelVersionRecord, newRegisteredModelRecord } from '../fixtures.js';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

/** Uploads a small model in a new run of `experiment` and returns its artifact. */
export async function uploadModel(mlops: MLOpsContext, experiment: string, content = 'model'): Promise<RunArtifact> {
  const run = await mlops.lifecycle.createRun(experiment);
  return mlops.model.upload(run.id, Buffer.from(content), { name: 'model.bin' });
}

/** Registers a new model version of `experiment` (into the registered model named after it, or `model`). */
export async function registerVersion(mlops: MLOpsContext, experiment: string, content = 'model', model?: string) {
  const artifact = await uploadModel(mlops, experiment, content);
  return mlops.model.registerModel(experiment, artifact.id, 'ada', model === undefined ? {} : { model });
}

const unknownId = '01900000-0000-7000-8000-0000000000aa';

/** Model versions: registration, numbering, named registered models, folders, downloads. */
export const registrySuite: ConcernSuite = (kit) => {
  kit.test('registerModel records the artifact, run, author and description as version 1 of the registered model named after the experiment', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const before = Date.now();
    const registered = await kit.mlops.model.registerModel('iris', artifact.id, 'ada', 'first model');
    const model = await kit.mlops.model.getRegisteredModel('iris');
    expect(registered).toMatchObject({
      registeredModelId: model.id,
      modelName: 'iris',
      runId: artifact.runId,
      runArtifactId: artifact.id,
      artifactPath: 'model.bin',
      version: 1,
      registeredBy: 'ada',
      description: 'first model',
      tags: {},
      aliases: [],
    });
    expect(registered.registeredAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(model).toMatchObject({ name: 'iris', description: null, tags: {} });
    expect(await kit.mlops.model.getModelVersions('iris')).toEqual([registered]);
    expect(await kit.mlops.model.getRegisteredModels('iris')).toEqual([registered]);
  });

  kit.test('versions count 1, 2, 3 within a registered model and restart at 1 in another', async () => {
    const versions: number[] = [];
    for (let index = 0; index < 3; index++) versions.push((await registerVersion(kit.mlops, 'iris', `iris ${index}`)).version);
    expect(versions).toEqual([1, 2, 3]);
    expect((await registerVersion(kit.mlops, 'churn')).version).toBe(1);
  });

  kit.test('{ model } registers any run’s artifact under a registered model of another name, created on first use with version tags and description', async () => {
    const tuning = await uploadModel(kit.mlops, 'iris-tuning', 'tuned');
    const baseline = await uploadModel(kit.mlops, 'iris-baseline', 'baseline');
    const first = await kit.mlops.model.registerModel('iris-tuning', tuning.id, 'ada', { model: 'iris-classifier', description: 'tuned', tags: { stage: 'candidate' } });
    const second = await kit.mlops.model.registerModel('iris-baseline', baseline, 'bob', { model: 'iris-classifier' });
    expect(first).toMatchObject({ modelName: 'iris-classifier', version: 1, description: 'tuned', tags: { stage: 'candidate' } });
    expect(second).toMatchObject({ modelName: 'iris-classifier', version: 2, registeredModelId: first.registeredModelId, runId: baseline.runId });
    expect((await kit.mlops.model.getModelVersions('iris-classifier')).map((version) => version.runId)).toEqual([tuning.runId, baseline.runId]);
    await expectMLOpsError(kit.mlops.model.getRegisteredModel('iris-tuning'), 'NOT_FOUND');
  });

  kit.test('an experiment name with / or @ registers into the registered model of its escaped name, still found by the experiment name', async () => {
    const registered = await registerVersion(kit.mlops, 'team/fraud@v2');
    expect(registered.modelName).toBe('team_fraud_v2');
    expect((await kit.mlops.model.getRegisteredModel('team/fraud@v2')).name).toBe('team_fraud_v2');
    expect(await kit.mlops.model.getLatestRegisteredModel('team/fraud@v2')).toEqual(registered);
  });

  kit.test('one artifact may be registered twice, as two versions', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const first = await kit.mlops.model.registerModel('iris', artifact.id, 'ada');
    const second = await kit.mlops.model.registerModel('iris', artifact.id, 'grace');
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.id).not.toBe(first.id);
  });

  kit.test('getModelVersion, getLatestModelVersion and models:/ URIs name the same versions', async () => {
    const registered = [];
    for (let index = 0; index < 3; index++) registered.push(await registerVersion(kit.mlops, 'iris', `model ${index}`));
    expect(await kit.mlops.model.getModelVersion('iris', 2)).toEqual(registered[1]);
    expect(await kit.mlops.model.getLatestModelVersion('iris')).toEqual(registered[2]);
    expect(await kit.mlops.model.getLatestRegisteredModel('iris')).toEqual(registered[2]);
    expect(await kit.mlops.model.resolveModelUri('models:/iris/1')).toEqual(registered[0]);
    expect(await kit.mlops.model.resolveModelUri('models:/iris/latest')).toEqual(registered[2]);
    await expectMLOpsError(kit.mlops.model.resolveModelUri('models:/iris/4'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.resolveModelUri('models:/nothing/1'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.resolveModelUri('models:/iris/zero'), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.getModelVersion('iris', 0), 'INVALID_ARGUMENT');
  });

  kit.test('a deleted version’s number is never reused, and its aliases go with it', async () => {
    for (let index = 0; index < 3; index++) await registerVersion(kit.mlops, 'iris', `model ${index}`);
    await kit.mlops.model.setAlias('iris', 'champion', 3);
    await kit.mlops.model.deleteModelVersion('iris', 3);
    await expectMLOpsError(kit.mlops.model.getModelVersion('iris', 3), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.getModelVersionByAlias('iris', 'champion'), 'NOT_FOUND');
    expect((await registerVersion(kit.mlops, 'iris', 'after')).version).toBe(4);
    await kit.mlops.model.deleteModelVersion('iris', 1);
    expect((await kit.mlops.model.getModelVersions('iris')).map((version) => version.version)).toEqual([2, 4]);
    await expectMLOpsError(kit.mlops.model.deleteModelVersion('iris', 1), 'NOT_FOUND');
  });

  kit.test('version descriptions and tags change; deleting a tag that is not there is a no-op', async () => {
    await registerVersion(kit.mlops, 'iris');
    await kit.mlops.model.updateModelVersion('iris', 1, { description: 'validated' });
    await kit.mlops.model.setModelVersionTags('iris', 1, { stage: 'prod', owner: 'ada' });
    await kit.mlops.model.setModelVersionTags('iris', 1, { stage: 'staging' });
    await kit.mlops.model.deleteModelVersionTags('iris', 1, ['owner', 'absent']);
    expect(await kit.mlops.model.getModelVersion('iris', 1)).toMatchObject({ description: 'validated', tags: { stage: 'staging' } });
    await kit.mlops.model.updateModelVersion('iris', 1, { description: null });
    expect((await kit.mlops.model.getModelVersion('iris', 1)).description).toBeNull();
  });

  kit.test('a folder version registers every artifact under a prefix, and downloading it gives its files', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.model.upload(run.id, Buffer.from('graph'), { name: 'model/model.onnx' });
    await kit.mlops.model.upload(run.id, Buffer.from('labels'), { name: 'model/meta/labels.json' });
    await kit.mlops.model.upload(run.id, Buffer.from('other'), { name: 'notes.txt' });
    const version = await kit.mlops.model.registerModel('iris', { runId: run.id, path: 'model/' }, 'ada');
    expect(version).toMatchObject({ runArtifactId: null, artifactPath: 'model/', version: 1 });
    const folder = path.join(kit.tempDir, 'download');
    const written = await kit.mlops.model.downloadModelVersion('models:/iris/1', folder);
    expect(written.map((artifact) => artifact.name)).toEqual(['model/meta/labels.json', 'model/model.onnx']);
    expect(await readFile(path.join(folder, 'model.onnx'), 'utf8')).toBe('graph');
    expect(await readFile(path.join(folder, 'meta', 'labels.json'), 'utf8')).toBe('labels');
    await expectMLOpsError(kit.mlops.model.download('models:/iris/1', path.join(kit.tempDir, 'one-file')), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.registerModel('iris', { runId: run.id, path: 'absent/' }, 'ada'), 'NOT_FOUND');
  });

  kit.test('{ runId, path } without a trailing slash registers that one artifact', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const artifact = await kit.mlops.model.upload(run.id, Buffer.from('graph'), { name: 'model/model.onnx' });
    expect(await kit.mlops.model.registerModel('iris', { runId: run.id, path: 'model/model.onnx' }, 'ada')).toMatchObject({ runArtifactId: artifact.id, artifactPath: 'model/model.onnx' });
  });

  kit.test('download takes a version or a models:/ URI and verifies the bytes', async () => {
    const registered = await registerVersion(kit.mlops, 'iris', 'iris bytes');
    const target = path.join(kit.tempDir, 'model.bin');
    expect((await kit.mlops.model.download('models:/iris/latest', target)).id).toBe(registered.runArtifactId);
    expect(await readFile(target, 'utf8')).toBe('iris bytes');
    const chunks: Buffer[] = [];
    await kit.mlops.model.download(registered, new Writable({ write: (chunk: Buffer, _encoding, callback) => (chunks.push(chunk), callback()) }));
    expect(Buffer.concat(chunks).toString()).toBe('iris bytes');
  });

  kit.test('getLatestRegisteredModel throws NOT_FOUND when the experiment has no registered model', async () => {
    await kit.mlops.lifecycle.createExperiment('iris');
    await expectMLOpsError(kit.mlops.model.getLatestRegisteredModel('iris'), 'NOT_FOUND');
    expect(await kit.mlops.model.getRegisteredModels('iris')).toEqual([]);
    await expectMLOpsError(kit.mlops.model.getModelVersions('iris'), 'NOT_FOUND');
  });

  kit.test('registerModel with an unknown artifact or experiment, or an invalid model name, throws and registers nothing', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    await expectMLOpsError(kit.mlops.model.registerModel('iris', unknownId, 'ada'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.registerModel('no-such-experiment', artifact.id, 'ada'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.registerModel('iris', artifact.id, 'ada', { model: 'team/iris' }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.registerModel('iris', artifact.id, 'ada', { model: 'iris@prod' }), 'INVALID_ARGUMENT');
    await kit.mlops.lifecycle.createExperiment('other');
    await expectMLOpsError(kit.mlops.model.registerModel('other', (await uploadModel(kit.mlops, 'iris')).id, 'ada'), 'INVALID_ARGUMENT');
    expect(await kit.mlops.model.getRegisteredModels('iris')).toEqual([]);
    expect((await kit.mlops.model.searchRegisteredModels()).registeredModels).toEqual([]);
  });

  kit.test('version operations on unknown models or versions throw NOT_FOUND, bad tags INVALID_ARGUMENT, and change nothing', async () => {
    await registerVersion(kit.mlops, 'iris');
    await expectMLOpsError(kit.mlops.model.getModelVersion('nothing', 1), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.updateModelVersion('iris', 2, { description: 'x' }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.setModelVersionTags('iris', 2, { a: 'b' }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.setModelVersionTags('iris', 1, { '': 'b' }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.setModelVersionTags('iris', 1, { a: 1 as unknown as string }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.deleteModelVersionTags('iris', 1, [''] as string[]), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.deleteModelVersion('iris', 2), 'NOT_FOUND');
    expect(await kit.mlops.model.getModelVersion('iris', 1)).toMatchObject({ tags: {}, description: null });
  });

  kit.test('the store assigns version numbers itself, returns versions by id and number, and null for unknown ones', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const model = await kit.store.createRegisteredModel(newRegisteredModelRecord({ name: 'direct' }));
    const base = { registeredModelId: model.id, runId: artifact.runId, runArtifactId: artifact.id, tags: { stage: 'candidate' } };
    const first = await kit.store.createModelVersion(newModelVersionRecord({ ...base, registeredAt: 1 }));
    const second = await kit.store.createModelVersion(newModelVersionRecord({ ...base, registeredAt: 2 }));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(first).toMatchObject({ tags: { stage: 'candidate' }, modelName: 'direct', aliases: [] });
    expect(await kit.store.listModelVersions(model.id)).toEqual([first, second]);
    expect(await kit.store.getModelVersion(second.id)).toEqual(second);
    expect(await kit.store.getModelVersionByNumber(model.id, 1)).toEqual(first);
    expect(await kit.store.getModelVersion(unknownId)).toBeNull();
    expect(await kit.store.getModelVersionByNumber(model.id, 3)).toBeNull();
    expect((await kit.store.getRegisteredModelById(model.id))?.updatedAt).toBe(2);
  });

  kit.test('the store refuses a version of an unknown registered model, run or artifact with NOT_FOUND', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const model = await kit.store.createRegisteredModel(newRegisteredModelRecord());
    const valid = { registeredModelId: model.id, runId: artifact.runId, runArtifactId: artifact.id };
    await expectMLOpsError(kit.store.createModelVersion(newModelVersionRecord({ ...valid, registeredModelId: unknownId })), 'NOT_FOUND');
    await expectMLOpsError(kit.store.createModelVersion(newModelVersionRecord({ ...valid, runId: unknownId })), 'NOT_FOUND');
    await expectMLOpsError(kit.store.createModelVersion(newModelVersionRecord({ ...valid, runArtifactId: unknownId })), 'NOT_FOUND');
    expect(await kit.store.listModelVersions(model.id)).toEqual([]);
    // A folder version points at no single artifact.
    expect((await kit.store.createModelVersion(newModelVersionRecord({ ...valid, runArtifactId: null, artifactPath: 'model/' }))).version).toBe(1);
  });
};
