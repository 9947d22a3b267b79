import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';
import { registerVersion } from './registry.js';

const writers = 8;

/** Aliases: set, move, delete, resolve; one version per alias, also under concurrent moves. */
export const registryAliasesSuite: ConcernSuite = (kit) => {
  kit.test('setAlias points an alias at a version, listed on it and resolved by getModelVersionByAlias and models:/ URIs', async () => {
    await registerVersion(kit.mlops, 'iris', 'one');
    const second = await registerVersion(kit.mlops, 'iris', 'two');
    await kit.mlops.model.setAlias('iris', 'champion', 2);
    await kit.mlops.model.setAlias('iris', 'blue-green', 2);
    const resolved = await kit.mlops.model.getModelVersionByAlias('iris', 'champion');
    expect(resolved).toMatchObject({ id: second.id, aliases: ['blue-green', 'champion'] });
    expect(await kit.mlops.model.resolveModelUri('models:/iris@champion')).toEqual(resolved);
    expect((await kit.mlops.model.getModelVersion('iris', 1)).aliases).toEqual([]);
  });

  kit.test('setting an alias again moves it: it never names two versions', async () => {
    await registerVersion(kit.mlops, 'iris', 'one');
    await registerVersion(kit.mlops, 'iris', 'two');
    await kit.mlops.model.setAlias('iris', 'champion', 1);
    await kit.mlops.model.setAlias('iris', 'champion', 2);
    expect((await kit.mlops.model.getModelVersions('iris')).map((version) => version.aliases)).toEqual([[], ['champion']]);
    expect((await kit.mlops.model.getModelVersionByAlias('iris', 'champion')).version).toBe(2);
  });

  kit.test('aliases belong to one registered model: the same name in another model is another alias', async () => {
    await registerVersion(kit.mlops, 'iris');
    await registerVersion(kit.mlops, 'churn');
    await kit.mlops.model.setAlias('iris', 'champion', 1);
    await kit.mlops.model.setAlias('churn', 'champion', 1);
    await kit.mlops.model.deleteAlias('churn', 'champion');
    expect((await kit.mlops.model.getModelVersionByAlias('iris', 'champion')).modelName).toBe('iris');
    await expectMLOpsError(kit.mlops.model.getModelVersionByAlias('churn', 'champion'), 'NOT_FOUND');
  });

  kit.test('deleteAlias removes an alias; deleting one that is not set is a no-op', async () => {
    await registerVersion(kit.mlops, 'iris');
    await kit.mlops.model.setAlias('iris', 'champion', 1);
    await kit.mlops.model.deleteAlias('iris', 'champion');
    await kit.mlops.model.deleteAlias('iris', 'champion');
    await expectMLOpsError(kit.mlops.model.getModelVersionByAlias('iris', 'champion'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.resolveModelUri('models:/iris@champion'), 'NOT_FOUND');
    expect((await kit.mlops.model.getModelVersion('iris', 1)).aliases).toEqual([]);
  });

  kit.test('invalid alias names are INVALID_ARGUMENT and unknown models or versions NOT_FOUND, and nothing changes', async () => {
    await registerVersion(kit.mlops, 'iris');
    for (const alias of ['latest', '3', 'v3', 'has space', 'a/b', '', '-x']) {
      await expectMLOpsError(kit.mlops.model.setAlias('iris', alias, 1), 'INVALID_ARGUMENT');
    }
    await expectMLOpsError(kit.mlops.model.deleteAlias('iris', 'latest'), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.model.setAlias('iris', 'champion', 2), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.setAlias('nothing', 'champion', 1), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.deleteAlias('nothing', 'champion'), 'NOT_FOUND');
    expect((await kit.mlops.model.getModelVersion('iris', 1)).aliases).toEqual([]);
  });

  kit.test('the store refuses an alias on a version of another registered model with INVALID_ARGUMENT', async () => {
    const iris = await registerVersion(kit.mlops, 'iris');
    const churn = await registerVersion(kit.mlops, 'churn');
    await expectMLOpsError(kit.store.setModelAlias({ registeredModelId: iris.registeredModelId, alias: 'champion', modelVersionId: churn.id }), 'INVALID_ARGUMENT');
    expect(await kit.store.getModelVersionByAlias(iris.registeredModelId, 'champion')).toBeNull();
  });

  kit.test(
    `${writers} concurrent moves of one alias leave it on exactly one version`,
    async () => {
      for (let index = 0; index < writers; index++) await registerVersion(kit.mlops, 'iris', `model ${index}`);
      await Promise.all(Array.from({ length: writers }, (_, index) => kit.mlops.model.setAlias('iris', 'champion', index + 1)));
      const holders = (await kit.mlops.model.getModelVersions('iris')).filter((version) => version.aliases.includes('champion'));
      expect(holders).toHaveLength(1);
      expect((await kit.mlops.model.getModelVersionByAlias('iris', 'champion')).id).toBe(holders[0]!.id);
    },
    { capability: 'concurrent-writes' },
  );

  kit.test(
    `${writers} concurrent first registrations under one new model name create one registered model with versions 1..${writers}`,
    async () => {
      const artifacts = [];
      for (let index = 0; index < writers; index++) {
        const run = await kit.mlops.lifecycle.createRun('sweep');
        artifacts.push(await kit.mlops.model.upload(run.id, Buffer.from(`model ${index}`), { name: 'model.bin' }));
      }
      const versions = await Promise.all(artifacts.map((artifact) => kit.mlops.model.registerModel('sweep', artifact.id, 'ada', { model: 'iris-classifier' })));
      expect(new Set(versions.map((version) => version.registeredModelId)).size).toBe(1);
      expect(versions.map((version) => version.version).sort((a, b) => a - b)).toEqual(Array.from({ length: writers }, (_, index) => index + 1));
    },
    { capability: 'concurrent-writes' },
  );
};
