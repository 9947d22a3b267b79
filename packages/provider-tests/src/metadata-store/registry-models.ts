import { expect } from 'vitest';
import { newRegisteredModelRecord } from '../fixtures.js';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError, readAll } from '../helpers.js';
import { registerVersion } from './registry.js';

const unknownId = '01900000-0000-7000-8000-0000000000aa';

/** Registered models: creation, lookup, rename, description, tags, deletion. */
export const registryModelsSuite: ConcernSuite = (kit) => {
  kit.test('createRegisteredModel creates a model with description and tags, and returns the stored one when the name exists', async () => {
    const created = await kit.mlops.model.createRegisteredModel('iris-classifier', { description: 'irises', tags: { team: 'vision' } });
    expect(created).toMatchObject({ name: 'iris-classifier', description: 'irises', tags: { team: 'vision' } });
    expect(created.updatedAt).toBe(created.createdAt);
    expect(await kit.mlops.model.createRegisteredModel('iris-classifier', { description: 'other' })).toEqual(created);
    expect(await kit.mlops.model.getRegisteredModel('iris-classifier')).toEqual(created);
    expect(await kit.mlops.model.getRegisteredModel(created.id)).toEqual(created);
    expect(await kit.mlops.model.getModelVersions('iris-classifier')).toEqual([]);
  });

  kit.test('a registered model is found by an experiment’s id or name when it is named after the experiment', async () => {
    const version = await registerVersion(kit.mlops, 'iris');
    const experiment = await kit.mlops.lifecycle.getExperiment('iris');
    expect((await kit.mlops.model.getRegisteredModel(experiment.id)).id).toBe(version.registeredModelId);
  });

  kit.test('renaming a registered model keeps its versions, aliases and deployments, and models:/ URIs use the new name', async () => {
    const version = await registerVersion(kit.mlops, 'iris', 'iris model');
    await kit.mlops.model.setAlias('iris', 'champion', 1);
    await kit.mlops.deployment.createDeploymentTarget('Test');
    await kit.mlops.deployment.deployModel('Test', version, 'ada');
    const renamed = await kit.mlops.model.renameRegisteredModel('iris', 'iris-classifier');
    expect(renamed).toMatchObject({ id: version.registeredModelId, name: 'iris-classifier' });
    expect(await kit.mlops.model.resolveModelUri('models:/iris-classifier@champion')).toMatchObject({ id: version.id, modelName: 'iris-classifier' });
    await expectMLOpsError(kit.mlops.model.resolveModelUri('models:/iris/1'), 'NOT_FOUND');
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris-classifier', 'Test'))).toString()).toBe('iris model');
    expect(await kit.mlops.deployment.getDeployments('iris-classifier')).toHaveLength(1);
    // The experiment keeps its name; a new registration by it starts a registered model of that name.
    expect((await registerVersion(kit.mlops, 'iris')).modelName).toBe('iris');
  });

  kit.test('renaming to a taken name is CONFLICT and to an invalid name INVALID_ARGUMENT, changing nothing', async () => {
    await kit.mlops.model.createRegisteredModel('iris');
    await kit.mlops.model.createRegisteredModel('churn');
    await expectMLOpsError(kit.mlops.model.renameRegisteredModel('iris', 'churn'), 'CONFLICT');
    await expectMLOpsError(kit.mlops.model.renameRegisteredModel('iris', 'team/iris'), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.renameRegisteredModel('iris', ''), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.renameRegisteredModel('nothing', 'new'), 'NOT_FOUND');
    expect((await kit.mlops.model.searchRegisteredModels()).registeredModels.map((model) => model.name)).toEqual(['churn', 'iris']);
  });

  kit.test('createRegisteredModel refuses names with / or @ and bad tags with INVALID_ARGUMENT', async () => {
    await expectMLOpsError(kit.mlops.model.createRegisteredModel('team/iris'), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.createRegisteredModel('iris@prod'), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.createRegisteredModel('iris', { tags: { '': 'x' } }), 'INVALID_ARGUMENT');
    expect((await kit.mlops.model.searchRegisteredModels()).registeredModels).toEqual([]);
  });

  kit.test('description and tags of a registered model change and move updatedAt; deleting an absent tag is a no-op', async () => {
    const created = await kit.store.createRegisteredModel(newRegisteredModelRecord({ name: 'iris', createdAt: 1, updatedAt: 1 }));
    await kit.mlops.model.updateRegisteredModel('iris', { description: 'irises' });
    await kit.mlops.model.setRegisteredModelTags('iris', { team: 'vision', owner: 'ada' });
    await kit.mlops.model.deleteRegisteredModelTags('iris', ['owner', 'absent']);
    const updated = await kit.mlops.model.getRegisteredModel('iris');
    expect(updated).toMatchObject({ id: created.id, description: 'irises', tags: { team: 'vision' }, createdAt: 1 });
    expect(updated.updatedAt).toBeGreaterThan(1);
    await kit.mlops.model.updateRegisteredModel('iris', { description: null });
    expect((await kit.mlops.model.getRegisteredModel('iris')).description).toBeNull();
  });

  kit.test('registering a version moves the registered model’s updatedAt to the registration time', async () => {
    await kit.store.createRegisteredModel(newRegisteredModelRecord({ name: 'iris', createdAt: 1, updatedAt: 1 }));
    const version = await registerVersion(kit.mlops, 'other', 'x', 'iris');
    expect((await kit.mlops.model.getRegisteredModel('iris')).updatedAt).toBe(version.registeredAt);
  });

  kit.test('deleteRegisteredModel removes the model with its versions and aliases, keeping run artifacts; the name can be used again', async () => {
    const version = await registerVersion(kit.mlops, 'iris');
    await kit.mlops.model.setAlias('iris', 'champion', 1);
    await kit.mlops.model.deleteRegisteredModel('iris');
    await expectMLOpsError(kit.mlops.model.getRegisteredModel(version.registeredModelId), 'NOT_FOUND');
    expect(await kit.store.getModelVersion(version.id)).toBeNull();
    expect(await kit.mlops.model.getRunArtifacts(version.runId)).toHaveLength(1);
    const again = await registerVersion(kit.mlops, 'iris');
    expect(again.version).toBe(1);
    expect(again.registeredModelId).not.toBe(version.registeredModelId);
  });

  kit.test('deleting a deployed registered model or version is CONFLICT naming the target, and changes nothing', async () => {
    const first = await registerVersion(kit.mlops, 'iris', 'one');
    await registerVersion(kit.mlops, 'iris', 'two');
    await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    await kit.mlops.deployment.deployModel('Production', first, 'ada');
    await expectMLOpsError(kit.mlops.model.deleteRegisteredModel('iris'), 'CONFLICT', { mentions: ['Production'] });
    await expectMLOpsError(kit.mlops.model.deleteModelVersion('iris', 1), 'CONFLICT', { mentions: ['Production'] });
    await kit.mlops.model.deleteModelVersion('iris', 2);
    expect((await kit.mlops.model.getModelVersions('iris')).map((version) => version.version)).toEqual([1]);
    expect((await kit.mlops.deployment.getCurrentDeployment('iris', 'Production')).modelVersionId).toBe(first.id);
  });

  kit.test('registered model operations on unknown names or ids throw NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.model.getRegisteredModel('nothing'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.getRegisteredModel(unknownId), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.updateRegisteredModel('nothing', { description: 'x' }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.setRegisteredModelTags('nothing', { a: 'b' }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.deleteRegisteredModelTags('nothing', ['a']), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.deleteRegisteredModel('nothing'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.getLatestModelVersion('nothing'), 'NOT_FOUND');
  });

  kit.test('the store finds registered models by id and name, lists them oldest first, and returns null for unknown ones', async () => {
    const first = await kit.store.createRegisteredModel(newRegisteredModelRecord({ name: 'b', createdAt: 1 }));
    const second = await kit.store.createRegisteredModel(newRegisteredModelRecord({ name: 'a', createdAt: 2 }));
    expect(await kit.store.createRegisteredModel(newRegisteredModelRecord({ name: 'b', createdAt: 3 }))).toEqual(first);
    expect(await kit.store.listRegisteredModels()).toEqual([first, second]);
    expect(await kit.store.getRegisteredModelByName('a')).toEqual(second);
    expect(await kit.store.getRegisteredModelByName('A')).toBeNull();
    expect(await kit.store.getRegisteredModelById(unknownId)).toBeNull();
    await expectMLOpsError(kit.store.updateRegisteredModel(first.id, { name: 'a', updatedAt: 5 }), 'CONFLICT');
    await expectMLOpsError(kit.store.updateRegisteredModel(unknownId, { description: 'x', updatedAt: 5 }), 'NOT_FOUND');
    expect(await kit.store.updateRegisteredModel(first.id, { name: 'c', updatedAt: 5 })).toEqual({ ...first, name: 'c', updatedAt: 5 });
  });
};
