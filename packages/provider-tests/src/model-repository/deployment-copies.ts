import { modelDeploymentFolder, type MLOpsContext, type ModelVersion } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError, listKeys, readAll } from '../helpers.js';

/** Uploads `content` as `artifactName` to a new run of 'iris' and registers it. */
async function registerFile(mlops: MLOpsContext, artifactName: string, content: string): Promise<ModelVersion> {
  const run = await mlops.lifecycle.createRun('iris');
  const artifact = await mlops.model.upload(run.id, Buffer.from(content), { name: artifactName });
  return mlops.model.registerModel('iris', artifact.id, 'ada');
}

/**
 * What a target keeps in the repository for a registered model: the deployed version's
 * file, once the new copy is in place, and nothing left of earlier deployments.
 */
export const deploymentCopiesSuite: ConcernSuite = (kit) => {
  kit.test('each (registered model, target) holds exactly one file across deploys of differently named artifacts, a rollback and an undeploy', async () => {
    const first = await registerFile(kit.mlops, 'onnx/model-a.onnx', 'model a');
    const second = await registerFile(kit.mlops, 'model-b.onnx', 'model b');
    const target = await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    const folder = modelDeploymentFolder(first.registeredModelId, target.id);
    const served = async () => ({ keys: await listKeys(kit.repository, folder), bytes: (await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))).toString() });

    await kit.mlops.deployment.deployModel('Production', first, 'ada');
    expect(await served()).toEqual({ keys: [`${folder}model-a.onnx`], bytes: 'model a' });
    await kit.mlops.deployment.deployModel('Production', second, 'ada');
    expect(await served()).toEqual({ keys: [`${folder}model-b.onnx`], bytes: 'model b' });
    await kit.mlops.deployment.rollback('iris', 'Production', 'ada');
    expect(await served()).toEqual({ keys: [`${folder}model-a.onnx`], bytes: 'model a' });
    await kit.mlops.deployment.undeploy('iris', 'Production', 'ada');
    expect(await listKeys(kit.repository, folder)).toEqual([]);
    await expectMLOpsError(kit.mlops.deployment.openDeployedModel('iris', 'Production'), 'NOT_FOUND');
    // Deploying after the undeploy puts the one file back; nothing else of the model is under deployments/.
    await kit.mlops.deployment.deployModel('Production', second, 'ada');
    expect(await listKeys(kit.repository, 'deployments/')).toEqual([`${folder}model-b.onnx`]);
  });

  kit.test('openDeployedModel takes the registered model by name or id, and an experiment by name or id where a registered model carries its name', async () => {
    const tuning = await kit.mlops.lifecycle.createRun('iris-tuning');
    const tuned = await kit.mlops.model.registerModel('iris-tuning', (await kit.mlops.model.upload(tuning.id, Buffer.from('tuned'), { name: 'model.onnx' })).id, 'ada', { model: 'iris-classifier' });
    const baseline = await registerFile(kit.mlops, 'model.onnx', 'baseline');
    await kit.mlops.deployment.createDeploymentTarget('Production');
    await kit.mlops.deployment.deployModel('Production', tuned, 'ada');
    await kit.mlops.deployment.deployModel('Production', baseline, 'ada');
    const iris = await kit.mlops.lifecycle.getExperiment('iris');
    for (const [model, content] of [['iris-classifier', 'tuned'], [tuned.registeredModelId, 'tuned'], ['iris', 'baseline'], [iris.id, 'baseline'], [baseline.registeredModelId, 'baseline']]) {
      expect((await readAll(await kit.mlops.deployment.openDeployedModel(model!, 'Production'))).toString(), `the model served for ${model}`).toBe(content);
    }
    await expectMLOpsError(kit.mlops.deployment.openDeployedModel('iris-tuning', 'Production'), 'NOT_FOUND', { mentions: ['iris-tuning'] });
  });

  kit.test('deploying one registered model leaves the copies of another registered model on the same target alone', async () => {
    const iris = await registerFile(kit.mlops, 'model-a.onnx', 'iris');
    const churnRun = await kit.mlops.lifecycle.createRun('churn');
    const churn = await kit.mlops.model.registerModel('churn', (await kit.mlops.model.upload(churnRun.id, Buffer.from('churn'), { name: 'model-c.onnx' })).id, 'ada');
    const newer = await registerFile(kit.mlops, 'model-b.onnx', 'iris newer');
    const target = await kit.mlops.deployment.createDeploymentTarget('Test');
    await kit.mlops.deployment.deployModel('Test', iris, 'ada');
    await kit.mlops.deployment.deployModel('Test', churn, 'ada');
    await kit.mlops.deployment.deployModel('Test', newer, 'ada');
    expect(await listKeys(kit.repository, 'deployments/')).toEqual(
      [`${modelDeploymentFolder(iris.registeredModelId, target.id)}model-b.onnx`, `${modelDeploymentFolder(churn.registeredModelId, target.id)}model-c.onnx`].sort(),
    );
  });
};
