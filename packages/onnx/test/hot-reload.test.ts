import { once } from 'node:events';
import { MLOpsError } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadDeployedModel, type DeployedModelPredictor } from '../src/index.js';
import { deployBytes, deployUncheckedBytes, openTestContext, scaleModel, unloadableModel, type TestContext } from './support/onnx-fixtures.js';

const experiment = 'scaler';
const target = 'Test';

describe('hot reload', () => {
  let context: TestContext;
  let predictor: DeployedModelPredictor | undefined;

  beforeEach(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, scaleModel(2), { experiment, target });
  });
  afterEach(async () => {
    await predictor?.close();
    await context.dispose();
  });

  it('picks up a new deployment by polling and announces it with a reload event', async () => {
    predictor = await loadDeployedModel(context.mlops, { experiment, target, pollIntervalMs: 20 });
    expect(await predictor.predict({ X: [5] })).toEqual({ variable: [10] });
    const reloaded = once(predictor, 'reload');
    await deployBytes(context.mlops, scaleModel(3), { experiment, target });
    const [info, previous] = await reloaded;
    expect(info.version).toBe(2);
    expect(previous.version).toBe(1);
    expect(await predictor.predict({ X: [5] })).toEqual({ variable: [15] });
  });

  it('swaps under load without failing a call: running calls finish on the old session, new ones use the new', async () => {
    predictor = await loadDeployedModel(context.mlops, { experiment, target, pollIntervalMs: 0 });
    const rows = Float32Array.from({ length: 2_000 }, (_, index) => index % 100);
    let inFlight = 0;
    let isLoaded = true;
    const inFlightAtSwaps: number[] = [];
    predictor.on('reload', () => inFlightAtSwaps.push(inFlight));
    const factors = new Set<number>();
    const worker = async (): Promise<void> => {
      while (isLoaded) {
        inFlight++;
        const output = await predictor!.predict({ X: rows }).finally(() => inFlight--);
        factors.add((output.variable as number[][])[1]![0]!);
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    for (const factor of [3, 4, 5, 6]) {
      await deployBytes(context.mlops, scaleModel(factor), { experiment, target });
      await predictor.refresh();
    }
    isLoaded = false;
    await Promise.all(workers);
    expect(inFlightAtSwaps).toHaveLength(4);
    expect(Math.max(...inFlightAtSwaps)).toBeGreaterThan(0);
    expect(factors.has(6)).toBe(true);
    expect(await predictor.predict({ X: [1] })).toEqual({ variable: [6] });
  });

  it('refuses a deployment onnxruntime cannot load: the old model keeps serving and the error is reported', async () => {
    predictor = await loadDeployedModel(context.mlops, { experiment, target, pollIntervalMs: 20 });
    const reported = once(predictor, 'reloadError');
    const broken = await deployUncheckedBytes(context.mlops, unloadableModel(), { experiment, target });
    const [error, deployment] = await reported;
    expect(MLOpsError.hasCode(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(error.message).toMatch(/model version 2 of 'scaler' deployed to 'Test' cannot be loaded by onnxruntime .*NoSuchOperator/);
    expect(deployment.id).toBe(broken.id);
    expect(predictor.info().version).toBe(1);
    expect(await predictor.predict({ X: [5] })).toEqual({ variable: [10] });

    // The next good deployment is taken as usual.
    const reloaded = once(predictor, 'reload');
    await deployBytes(context.mlops, scaleModel(4), { experiment, target });
    expect((await reloaded)[0].version).toBe(3);
    expect(await predictor.predict({ X: [5] })).toEqual({ variable: [20] });
  });

  it('refuses bytes that are not ONNX at all, reporting the broken deployment once', async () => {
    predictor = await loadDeployedModel(context.mlops, { experiment, target, pollIntervalMs: 0 });
    const errors: MLOpsError[] = [];
    predictor.on('reloadError', (error) => errors.push(error));
    await deployUncheckedBytes(context.mlops, new TextEncoder().encode('{"not":"onnx"}'), { experiment, target, name: 'model.bin' });
    await predictor.refresh();
    await predictor.refresh();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/not a readable ONNX model/);
    expect(await predictor.predict({ X: [1] })).toEqual({ variable: [2] });
  });

  it('a broken first deployment makes loadDeployedModel throw, unless allowEmpty', async () => {
    await deployUncheckedBytes(context.mlops, unloadableModel(), { experiment, target });
    await expect(loadDeployedModel(context.mlops, { experiment, target, pollIntervalMs: 0 })).rejects.toSatisfy(
      (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && /cannot be loaded by onnxruntime/.test(error.message),
    );
    const errors: string[] = [];
    predictor = await loadDeployedModel(context.mlops, { experiment, target, pollIntervalMs: 0, allowEmpty: true, onReloadError: (error) => errors.push(error.code) });
    expect(predictor.isReady).toBe(false);
    expect(errors).toEqual(['INVALID_ARGUMENT']);
  });

  it('close() waits for running calls and then answers UNAVAILABLE', async () => {
    predictor = await loadDeployedModel(context.mlops, { experiment, target, pollIntervalMs: 0 });
    const running = predictor.predict({ X: Float32Array.from({ length: 20_000 }, () => 1) });
    await predictor.close();
    expect(((await running).variable as number[][]).length).toBe(20_000);
    await expect(predictor.predict({ X: [1] })).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'UNAVAILABLE'));
  });
});
