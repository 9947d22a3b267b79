import { MLOpsError } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadDeployedModel, loadModel, uploadOnnxModel } from '../src/index.js';
import { deployBytes, openTestContext, scaleModel, type TestContext } from './support/onnx-fixtures.js';

let context: TestContext;

beforeEach(async () => {
  context = await openTestContext();
});

afterEach(async () => {
  await context?.dispose();
});

/** Registers y = factor · x as the next version of the registered model 'doubler'. */
async function registerScale(factor: number): Promise<number> {
  const run = await context.mlops.lifecycle.createRun('scaling');
  const { artifact } = await uploadOnnxModel(context.mlops, run.id, scaleModel(factor), { name: 'model.onnx' });
  return (await context.mlops.model.registerModel('scaling', artifact.id, 'test', { model: 'doubler' })).version;
}

async function predictOne(predictor: Awaited<ReturnType<typeof loadModel>>, x: number): Promise<number> {
  const output = await predictor.predict({ X: [[x]] });
  // One row in, one row of one value out: [[y]].
  return (output.variable as number[][])[0]![0]!;
}

describe('loadModel: a models:/ URI', () => {
  it('loads the version an alias names, and follows the alias when it moves', async () => {
    await registerScale(2);
    await registerScale(3);
    await context.mlops.model.setAlias('doubler', 'champion', 1);
    await using predictor = await loadModel(context.mlops, 'models:/doubler@champion', { pollIntervalMs: 0 });
    expect(predictor.info()).toMatchObject({ model: 'doubler', version: 1, target: null, deploymentId: null });
    expect(await predictOne(predictor, 5)).toBe(10);
    await context.mlops.model.setAlias('doubler', 'champion', 2);
    await predictor.refresh();
    expect(predictor.info().version).toBe(2);
    expect(await predictOne(predictor, 5)).toBe(15);
  });

  it('keeps serving a fixed version, and latest follows new registrations', async () => {
    await registerScale(2);
    await using fixed = await loadModel(context.mlops, 'models:/doubler/1', { pollIntervalMs: 0 });
    await using latest = await loadModel(context.mlops, 'models:/doubler/latest', { pollIntervalMs: 0 });
    await registerScale(4);
    await fixed.refresh();
    await latest.refresh();
    expect([fixed.info().version, latest.info().version]).toEqual([1, 2]);
    expect(await predictOne(latest, 1)).toBe(4);
  });

  it('refuses what is not a models:/ URI or a malformed one with INVALID_ARGUMENT, and an unknown model with NOT_FOUND unless allowEmpty', async () => {
    const code = (call: () => Promise<unknown>) => call().then(() => 'resolved', (error: unknown) => (MLOpsError.isInstance(error) ? error.code : 'other'));
    expect(await code(() => loadModel(context.mlops, 'doubler'))).toBe('INVALID_ARGUMENT');
    expect(await code(() => loadModel(context.mlops, 'models:/doubler/zero'))).toBe('INVALID_ARGUMENT');
    expect(await code(() => loadModel(context.mlops, 'models:/doubler@champion'))).toBe('NOT_FOUND');
    await using waiting = await loadModel(context.mlops, 'models:/doubler/latest', { pollIntervalMs: 0, allowEmpty: true });
    expect(waiting.isReady).toBe(false);
    await registerScale(2);
    await waiting.refresh();
    expect(waiting.info().version).toBe(1);
  });
});

describe('loadDeployedModel: a registered model on a target', () => {
  it('takes { model, target } and reports the registered model and version it serves', async () => {
    const { registered } = await deployBytes(context.mlops, scaleModel(2), { experiment: 'species', target: 'Production' });
    await context.mlops.model.renameRegisteredModel('species', 'species-classifier');
    await using predictor = await loadDeployedModel(context.mlops, { model: 'species-classifier', target: 'Production', pollIntervalMs: 0 });
    expect(predictor.info()).toMatchObject({ model: 'species-classifier', version: 1, modelVersionId: registered.id, registeredModelId: registered.registeredModelId, target: 'Production' });
  });
});
