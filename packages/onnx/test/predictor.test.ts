import { MLOpsError } from '@mlops-ts/core';
import { Matrix } from 'ml-matrix';
import { Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadDeployedModel, type DeployedModelPredictor } from '../src/index.js';
import { classifierModel, deployBytes, multiInputModel, openTestContext, speciesLabels, type TestContext } from './support/onnx-fixtures.js';

function expectInvalid(call: () => Promise<unknown>, message: RegExp): Promise<void> {
  return expect(call()).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && message.test(error.message));
}

describe('loadDeployedModel: a classifier', () => {
  let context: TestContext;
  let predictor: DeployedModelPredictor;
  const fixture = classifierModel();

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, fixture.bytes, { experiment: 'species', target: 'Test' });
    predictor = await loadDeployedModel(context.mlops, { experiment: 'species', target: 'Test', pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await predictor?.close();
    await context?.dispose();
  });

  it('predicts one row without the batch dimension as a label and per-class probabilities', async () => {
    const row = fixture.rows[0]!;
    const output = await predictor.predict({ X: row });
    const expected = speciesLabels[fixture.model.predict(new Matrix([row]))[0]!];
    expect(output.label).toBe(expected);
    expect(output.probabilities).toHaveLength(3);
    expect((output.probabilities as number[]).every((value) => value >= 0 && value <= 1)).toBe(true);
  });

  it('predicts a batch given as nested arrays, as a typed array laid end to end, and as a Tensor, alike', async () => {
    const rows = fixture.rows.slice(0, 5);
    const expected = fixture.model.predict(new Matrix(rows)).map((index) => speciesLabels[index]);
    const nested = await predictor.predict({ X: rows });
    const flat = await predictor.predict({ X: Float32Array.from(rows.flat()) });
    const tensor = await predictor.predict({ X: new Tensor('float32', Float32Array.from(rows.flat()), [5, 4]) });
    expect(nested.label).toEqual(expected);
    expect(flat).toEqual(nested);
    expect(tensor).toEqual(nested);
    expect((nested.probabilities as number[][])[4]).toHaveLength(3);
  });

  it('predictBatch returns one output record per row, equal to predicting each row alone', async () => {
    const rows = fixture.rows.slice(0, 4);
    const batch = await predictor.predictBatch(rows.map((row) => ({ X: row })));
    const single = await Promise.all(rows.map((row) => predictor.predict({ X: row })));
    expect(batch).toEqual(single);
  });

  it('refuses a row of the wrong width, naming the input and the expected shape', async () => {
    await expectInvalid(() => predictor.predict({ X: [1, 2, 3] }), /Input 'X' has shape \[3\], but the model expects \[N, 4\].*\[4\]/);
    await expectInvalid(() => predictor.predict({ X: [[1, 2, 3, 4], [1, 2, 3]] }), /Input 'X' is ragged/);
    await expectInvalid(() => predictor.predictBatch([{ X: [1, 2, 3, 4] }, { X: [1, 2] }]), /Row 1: input 'X' has shape \[2\]/);
  });

  it('refuses missing and unknown input names and wrong element types', async () => {
    await expectInvalid(() => predictor.predict({}), /lacks input 'X'.*X \(float32 \[N, 4\]\)/);
    await expectInvalid(() => predictor.predict({ X: [1, 2, 3, 4], Y: [1] }), /has 'Y', which is not an input of the model/);
    await expectInvalid(() => predictor.predict({ X: ['a', 'b', 'c', 'd'] }), /Input 'X' holds the string "a", which is not a float32 value/);
    await expectInvalid(() => predictor.predict({ X: new Float64Array(4) }), /Input 'X' is a Float64Array, but the model expects float32/);
    await expectInvalid(() => predictor.predict({ X: new Tensor('int32', new Int32Array(4), [1, 4]) }), /int32 tensor, but the model expects float32/);
    await expectInvalid(() => predictor.predictBatch([]), /non-empty array/);
  });

  it('info() gives the registered version, the deployment time and the signature read from the model', async () => {
    const info = predictor.info();
    expect(info).toMatchObject({ experiment: 'species', target: 'Test', version: 1, deployedBy: 'test' });
    expect(info.deployedAt).toBeLessThanOrEqual(info.loadedAt);
    expect(info.signature.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['N', 4] }]);
    expect(info.signature.outputs.map((output) => output.name)).toEqual(['label', 'probabilities']);
  });
});

describe('loadDeployedModel: inputs of several element types', () => {
  let context: TestContext;
  let predictor: DeployedModelPredictor;

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, multiInputModel(), { experiment: 'pass-through', target: 'Test' });
    predictor = await loadDeployedModel(context.mlops, { experiment: 'pass-through', target: 'Test', pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await predictor?.close();
    await context?.dispose();
  });

  it('feeds float32, int64 and string inputs and returns plain numbers and strings', async () => {
    const output = await predictor.predict({ x: [[1.5, 2], [3, 4]], count: [7, 2n ** 40n], name: ['a', 'b'] });
    expect(output).toEqual({ x_out: [[1.5, 2], [3, 4]], count_out: [7, 2 ** 40], name_out: ['a', 'b'] });
    const one = await predictor.predict({ x: [1, 2], count: 3, name: 'c' });
    expect(one).toEqual({ x_out: [1, 2], count_out: 3, name_out: 'c' });
  });

  it('refuses a fractional int64, a number for a string input, and single rows mixed with batches', async () => {
    await expectInvalid(() => predictor.predict({ x: [1, 2], count: 1.5, name: 'c' }), /Input 'count' holds number 1.5, which is not a int64 value/);
    await expectInvalid(() => predictor.predict({ x: [1, 2], count: 1, name: 3 as unknown as string }), /Input 'name' holds number 3, which is not a string value/);
    await expectInvalid(() => predictor.predict({ x: [[1, 2]], count: 1, name: 'c' }), /single rows and others batches/);
  });
});

describe('loadDeployedModel: nothing deployed', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await openTestContext();
  });
  afterAll(async () => context?.dispose());

  it('throws NOT_FOUND by default, and with allowEmpty resolves and answers UNAVAILABLE until a model arrives', async () => {
    await context.mlops.lifecycle.createExperiment('empty');
    await context.mlops.deployment.createDeploymentTarget('Test');
    await expect(loadDeployedModel(context.mlops, { experiment: 'empty', target: 'Test' })).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'NOT_FOUND'));

    const predictor = await loadDeployedModel(context.mlops, { experiment: 'empty', target: 'Test', pollIntervalMs: 0, allowEmpty: true });
    expect(predictor.isReady).toBe(false);
    await expect(predictor.predict({ X: [1] })).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'UNAVAILABLE'));
    await deployBytes(context.mlops, classifierModel().bytes, { experiment: 'empty', target: 'Test' });
    await predictor.refresh();
    expect(predictor.info().version).toBe(1);
    await predictor.close();
    await expect(predictor.predict({ X: [1, 2, 3, 4] })).rejects.toThrow(/is closed/);
  });
});
