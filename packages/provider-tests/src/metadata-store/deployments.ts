import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError, listKeys, readAll } from '../helpers.js';
import { registerVersion, uploadModel } from './registry.js';

/** Deployment targets and deployments: idempotent targets, atomic replacement, history per registered model, URIs. */
export const deploymentsSuite: ConcernSuite = (kit) => {
  kit.test('createDeploymentTarget creates a target, and returns the stored one when the name exists', async () => {
    const production = await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    expect(production).toMatchObject({ name: 'Production', isProduction: true });
    const again = await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: false });
    expect(again).toEqual(production);
    const test = await kit.mlops.deployment.createDeploymentTarget('Test');
    expect(test.isProduction).toBe(false);
    expect(await kit.mlops.deployment.getDeploymentTargets()).toEqual([production, test]);
  });

  kit.test('deployModel copies the model to the target and records who deployed it and where', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris', 'iris model v1');
    const registered = await kit.mlops.model.registerModel('iris', artifact.id, 'ada');
    const target = await kit.mlops.deployment.createDeploymentTarget('Test');
    const deployment = await kit.mlops.deployment.deployModel('Test', registered, 'grace');
    expect(deployment).toMatchObject({
      deploymentTargetId: target.id,
      registeredModelId: registered.registeredModelId,
      modelVersionId: registered.id,
      deployedBy: 'grace',
    });
    expect(deployment.uri?.length).toBeGreaterThan(0);
    expect(await kit.mlops.deployment.getDeploymentUri('iris', 'Test')).toBe(deployment.uri);
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Test'))).toString()).toBe('iris model v1');
    expect(await kit.mlops.deployment.getDeployments('iris')).toEqual([deployment]);
  });

  kit.test('deployModel accepts the target as an object, an id or a name, and the version as an object, an id or a models:/ URI', async () => {
    const artifact = await uploadModel(kit.mlops, 'iris');
    const registered = await kit.mlops.model.registerModel('iris', artifact.id, 'ada');
    await kit.mlops.model.setAlias('iris', 'champion', 1);
    const target = await kit.mlops.deployment.createDeploymentTarget('Stage');
    await kit.mlops.deployment.deployModel(target, registered, 'a');
    await kit.mlops.deployment.deployModel(target.id, registered.id, 'b');
    await kit.mlops.deployment.deployModel('Stage', 'models:/iris/1', 'c');
    await kit.mlops.deployment.deployModel('Stage', 'models:/iris@champion', 'd');
    await kit.mlops.deployment.deployModel('Stage', 'models:/iris/latest', 'e');
    const deployments = await kit.mlops.deployment.getDeployments(registered.registeredModelId);
    expect(deployments.map((deployment) => deployment.deployedBy)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(new Set(deployments.map((deployment) => deployment.modelVersionId))).toEqual(new Set([registered.id]));
    await expectMLOpsError(kit.mlops.deployment.deployModel('Stage', 'models:/iris@nobody', 'f'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.deployment.deployModel('Stage', 'models:/iris/one', 'f'), 'INVALID_ARGUMENT');
  });

  kit.test('a target serves one version per registered model: deploying one model leaves another model on the target as it was', async () => {
    const iris = await registerVersion(kit.mlops, 'iris', 'iris v1');
    const fraud = await registerVersion(kit.mlops, 'fraud', 'fraud v1');
    const target = await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    await kit.mlops.deployment.deployModel('Production', iris, 'ada');
    await kit.mlops.deployment.deployModel('Production', fraud, 'ada');
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))).toString()).toBe('iris v1');
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('fraud', 'Production'))).toString()).toBe('fraud v1');
    expect((await kit.store.listDeployments({ deploymentTargetId: target.id })).map((deployment) => deployment.modelVersionId)).toEqual([iris.id, fraud.id]);
    expect(await kit.store.listDeployments({ deploymentTargetId: target.id, registeredModelId: fraud.registeredModelId })).toHaveLength(1);
  });

  kit.test('deploying a folder version copies its files; its URI is the folder, and openDeployedModel refuses it with INVALID_ARGUMENT', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.model.upload(run.id, Buffer.from('graph'), { name: 'model/model.onnx' });
    await kit.mlops.model.upload(run.id, Buffer.from('labels'), { name: 'model/labels.json' });
    const folder = await kit.mlops.model.registerModel('iris', { runId: run.id, path: 'model/' }, 'ada');
    const single = await registerVersion(kit.mlops, 'iris', 'one file');
    await kit.mlops.deployment.createDeploymentTarget('Test');
    const deployment = await kit.mlops.deployment.deployModel('Test', folder, 'ada');
    expect(deployment.uri?.endsWith('/')).toBe(true);
    expect((await listKeys(kit.repository, 'deployments/')).map((key) => key.split('/').at(-1)).sort()).toEqual(['labels.json', 'model.onnx']);
    await expectMLOpsError(kit.mlops.deployment.openDeployedModel('iris', 'Test'), 'INVALID_ARGUMENT');
    // Deploying a single-file version replaces the folder's files: the target holds one object again.
    await kit.mlops.deployment.deployModel('Test', single, 'ada');
    expect((await listKeys(kit.repository, 'deployments/')).map((key) => key.split('/').at(-1))).toEqual(['model.bin']);
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Test'))).toString()).toBe('one file');
  });

  kit.test('deploying a newer version replaces what the target serves and keeps the history, oldest first', async () => {
    const first = await kit.mlops.model.registerModel('iris', (await uploadModel(kit.mlops, 'iris', 'version one')).id, 'ada');
    const second = await kit.mlops.model.registerModel('iris', (await uploadModel(kit.mlops, 'iris', 'version two')).id, 'ada');
    await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    const older = await kit.mlops.deployment.deployModel('Production', first, 'ada');
    const newer = await kit.mlops.deployment.deployModel('Production', second, 'ada');
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))).toString()).toBe('version two');
    expect(await kit.mlops.deployment.getDeployments('iris')).toEqual([older, newer]);
    expect(await kit.mlops.deployment.getDeploymentUri('iris', 'Production')).toBe(newer.uri);
  });

  kit.test('each target serves its own model', async () => {
    const first = await kit.mlops.model.registerModel('iris', (await uploadModel(kit.mlops, 'iris', 'stable')).id, 'ada');
    const second = await kit.mlops.model.registerModel('iris', (await uploadModel(kit.mlops, 'iris', 'candidate')).id, 'ada');
    await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    await kit.mlops.deployment.createDeploymentTarget('Test');
    await kit.mlops.deployment.deployModel('Production', first, 'ada');
    await kit.mlops.deployment.deployModel('Test', second, 'ada');
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))).toString()).toBe('stable');
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Test'))).toString()).toBe('candidate');
    expect(await kit.mlops.deployment.getDeploymentUri('iris', 'Production')).not.toBe(await kit.mlops.deployment.getDeploymentUri('iris', 'Test'));
  });

  kit.test('the deployed copy lives under deployments/ in the repository, one object per target', async () => {
    const registered = await kit.mlops.model.registerModel('iris', (await uploadModel(kit.mlops, 'iris', 'model')).id, 'ada');
    await kit.mlops.deployment.createDeploymentTarget('Test');
    await kit.mlops.deployment.deployModel('Test', registered, 'ada');
    await kit.mlops.deployment.deployModel('Test', registered, 'ada');
    const keys = await listKeys(kit.repository, 'deployments/');
    expect(keys).toHaveLength(1);
    expect(keys[0]!.startsWith('deployments/')).toBe(true);
  });

  kit.test('deployModel to an unknown target or of an unknown model throws NOT_FOUND and records nothing', async () => {
    const registered = await kit.mlops.model.registerModel('iris', (await uploadModel(kit.mlops, 'iris')).id, 'ada');
    await kit.mlops.deployment.createDeploymentTarget('Test');
    await expectMLOpsError(kit.mlops.deployment.deployModel('Nowhere', registered, 'ada'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.deployment.deployModel('Test', '01900000-0000-7000-8000-0000000000aa', 'ada'), 'NOT_FOUND');
    expect(await kit.mlops.deployment.getDeployments('iris')).toEqual([]);
  });

  kit.test('a target with nothing deployed has no URI and no model to open (NOT_FOUND)', async () => {
    await kit.mlops.lifecycle.createExperiment('iris');
    await kit.mlops.deployment.createDeploymentTarget('Test');
    await expectMLOpsError(kit.mlops.deployment.getDeploymentUri('iris', 'Test'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.deployment.openDeployedModel('iris', 'Test'), 'NOT_FOUND');
  });

  kit.test('getDeployments lists only the registered model’s deployments', async () => {
    const iris = await kit.mlops.model.registerModel('iris', (await uploadModel(kit.mlops, 'iris')).id, 'ada');
    const churn = await kit.mlops.model.registerModel('churn', (await uploadModel(kit.mlops, 'churn')).id, 'ada');
    await kit.mlops.deployment.createDeploymentTarget('Test');
    await kit.mlops.deployment.deployModel('Test', iris, 'ada');
    await kit.mlops.deployment.deployModel('Test', churn, 'ada');
    expect((await kit.mlops.deployment.getDeployments('iris')).map((deployment) => deployment.modelVersionId)).toEqual([iris.id]);
    expect((await kit.mlops.deployment.getDeployments('churn')).map((deployment) => deployment.modelVersionId)).toEqual([churn.id]);
  });

  kit.test('the store finds targets by id and name, and returns null for unknown ones', async () => {
    const target = await kit.mlops.deployment.createDeploymentTarget('Test');
    expect(await kit.store.getDeploymentTargetById(target.id)).toEqual(target);
    expect(await kit.store.getDeploymentTargetByName('Test')).toEqual(target);
    expect(await kit.store.getDeploymentTargetByName('test-other')).toBeNull();
    expect(await kit.store.getDeploymentTargetById('01900000-0000-7000-8000-0000000000aa')).toBeNull();
  });

  kit.test('undeploy records that the target serves nothing for the registered model, removes its copy, and keeps the history', async () => {
    const version = await registerVersion(kit.mlops, 'iris', 'iris v1');
    const other = await registerVersion(kit.mlops, 'churn', 'churn v1');
    await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    await kit.mlops.deployment.deployModel('Production', version, 'ada');
    await kit.mlops.deployment.deployModel('Production', other, 'ada');
    const undeployed = await kit.mlops.deployment.undeploy('iris', 'Production', 'grace');
    expect(undeployed).toMatchObject({ registeredModelId: version.registeredModelId, modelVersionId: null, uri: null, deployedBy: 'grace' });
    await expectMLOpsError(kit.mlops.deployment.getCurrentDeployment('iris', 'Production'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.deployment.openDeployedModel('iris', 'Production'), 'NOT_FOUND');
    expect((await kit.mlops.deployment.getDeployments('iris')).map((deployment) => deployment.modelVersionId)).toEqual([version.id, null]);
    // The other registered model on the target is untouched; the undeployed one can now be deleted.
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('churn', 'Production'))).toString()).toBe('churn v1');
    expect((await listKeys(kit.repository, 'deployments/')).length).toBe(1);
    await kit.mlops.model.deleteModelVersion('iris', 1);
    await expectMLOpsError(kit.mlops.deployment.undeploy('iris', 'Production', 'grace'), 'NOT_FOUND');
  });

  kit.test('rollback deploys again the version served before the current one, and after an undeploy the last one served', async () => {
    const first = await registerVersion(kit.mlops, 'iris', 'one');
    const second = await registerVersion(kit.mlops, 'iris', 'two');
    await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    await expectMLOpsError(kit.mlops.deployment.rollback('iris', 'Production', 'ada'), 'NOT_FOUND');
    await kit.mlops.deployment.deployModel('Production', first, 'ada');
    await expectMLOpsError(kit.mlops.deployment.rollback('iris', 'Production', 'ada'), 'NOT_FOUND');
    await kit.mlops.deployment.deployModel('Production', second, 'ada');
    expect((await kit.mlops.deployment.rollback('iris', 'Production', 'grace')).modelVersionId).toBe(first.id);
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))).toString()).toBe('one');
    expect((await kit.mlops.deployment.rollback('iris', 'Production', 'grace')).modelVersionId).toBe(second.id);
    await kit.mlops.deployment.undeploy('iris', 'Production', 'grace');
    expect((await kit.mlops.deployment.rollback('iris', 'Production', 'grace')).modelVersionId).toBe(second.id);
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))).toString()).toBe('two');
    expect((await kit.mlops.deployment.getDeployments('iris')).map((deployment) => deployment.deployedBy)).toEqual(['ada', 'ada', 'grace', 'grace', 'grace', 'grace']);
  });

  kit.test('deleteDeploymentTarget is CONFLICT while the target serves a model, and afterwards removes it with its history', async () => {
    const version = await registerVersion(kit.mlops, 'iris', 'iris v1');
    await kit.mlops.deployment.createDeploymentTarget('Test');
    await kit.mlops.deployment.deployModel('Test', version, 'ada');
    await expectMLOpsError(kit.mlops.deployment.deleteDeploymentTarget('Test'), 'CONFLICT', { mentions: ['iris'] });
    expect(await kit.mlops.deployment.getDeploymentTargets()).toHaveLength(1);
    await kit.mlops.deployment.undeploy('iris', 'Test', 'ada');
    await kit.mlops.deployment.deleteDeploymentTarget('Test');
    expect(await kit.mlops.deployment.getDeploymentTargets()).toEqual([]);
    expect(await kit.mlops.deployment.getDeployments('iris')).toEqual([]);
    await expectMLOpsError(kit.mlops.deployment.deleteDeploymentTarget('Test'), 'NOT_FOUND');
    // The name is free again, and the version can go.
    expect((await kit.mlops.deployment.createDeploymentTarget('Test')).name).toBe('Test');
    await kit.mlops.model.deleteModelVersion('iris', 1);
    await expectMLOpsError(kit.store.deleteDeploymentTarget('01900000-0000-7000-8000-0000000000aa'), 'NOT_FOUND');
  });
};
