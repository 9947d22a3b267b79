import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

/** Hyper-parameters: string values, immutability, flattening, limits. */
export const paramsSuite: ConcernSuite = (kit) => {
  kit.test('logHyperParameter stores the value as a string on the run', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.training.logHyperParameter(run.id, 'learning_rate', 0.01);
    await kit.mlops.training.logHyperParameter(run.id, 'optimizer', 'adam');
    await kit.mlops.training.logHyperParameter(run.id, 'shuffle', true);
    expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual({ learning_rate: '0.01', optimizer: 'adam', shuffle: 'true' });
  });

  kit.test('logging a hyper-parameter again with the same value is a no-op', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.training.logHyperParameter(run.id, 'epochs', 10);
    await kit.mlops.training.logHyperParameter(run.id, 'epochs', 10);
    await kit.mlops.training.logHyperParameter(run.id, 'epochs', '10');
    expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual({ epochs: '10' });
  });

  kit.test('logging a hyper-parameter with another value throws CONFLICT and keeps the first value', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.training.logHyperParameter(run.id, 'epochs', 10);
    const error = await expectMLOpsError(kit.mlops.training.logHyperParameter(run.id, 'epochs', 20), 'CONFLICT');
    expect(error.message).toContain('epochs');
    expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual({ epochs: '10' });
  });

  kit.test('the same key on two runs holds two values', async () => {
    const first = await kit.mlops.lifecycle.createRun('iris');
    const second = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.training.logHyperParameter(first.id, 'lr', 0.1);
    await kit.mlops.training.logHyperParameter(second.id, 'lr', 0.2);
    expect((await kit.mlops.lifecycle.getRun(first.id)).params.lr).toBe('0.1');
    expect((await kit.mlops.lifecycle.getRun(second.id)).params.lr).toBe('0.2');
  });

  kit.test('logHyperParameters flattens nested objects to dotted keys, stringifies values, skips functions and encodes arrays as JSON', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const logged = await kit.mlops.training.logHyperParameters(run.id, {
      lr: 0.01,
      optimizer: { name: 'adam', betas: { beta1: 0.9 } },
      layers: [64, 32],
      callback: () => undefined,
      verbose: false,
    });
    const expected = { lr: '0.01', 'optimizer.name': 'adam', 'optimizer.betas.beta1': '0.9', layers: '[64,32]', verbose: 'false' };
    expect(logged).toEqual(expected);
    expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual(expected);
  });

  kit.test('logHyperParameters with one conflicting key throws CONFLICT and stores none of the batch', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.training.logHyperParameter(run.id, 'lr', 0.1);
    await expectMLOpsError(kit.mlops.training.logHyperParameters(run.id, { batch: 32, lr: 0.2, epochs: 5 }), 'CONFLICT');
    expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual({ lr: '0.1' });
  });

  kit.test('hyper-parameter values round-trip Unicode, quotes and whitespace exactly', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const values = { unicode: 'ñ 日本 🚀', quotes: `it's "x"`, spaces: '  padded  ', newline: 'a\nb', empty: '' };
    await kit.mlops.training.logHyperParameters(run.id, values);
    expect((await kit.mlops.lifecycle.getRun(run.id)).params).toEqual(values);
  });

  kit.test('a value of 6000 characters is stored in full and 6001 is INVALID_ARGUMENT', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const longest = 'v'.repeat(6000);
    await kit.mlops.training.logHyperParameter(run.id, 'long', longest);
    expect((await kit.mlops.lifecycle.getRun(run.id)).params.long).toBe(longest);
    await expectMLOpsError(kit.mlops.training.logHyperParameter(run.id, 'longer', 'v'.repeat(6001)), 'INVALID_ARGUMENT');
    expect(Object.keys((await kit.mlops.lifecycle.getRun(run.id)).params)).toEqual(['long']);
  });

  kit.test('an empty, over-long or control-character key is INVALID_ARGUMENT', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.training.logHyperParameter(run.id, '', 1), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.training.logHyperParameter(run.id, 'k'.repeat(251), 1), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.training.logHyperParameter(run.id, 'tab\tkey', 1), 'INVALID_ARGUMENT');
    await kit.mlops.training.logHyperParameter(run.id, 'k'.repeat(250), 1);
    expect(Object.keys((await kit.mlops.lifecycle.getRun(run.id)).params)).toEqual(['k'.repeat(250)]);
  });

  kit.test('hyper-parameters on an unknown run throw NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.training.logHyperParameter(unknownRunId, 'lr', 0.1), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.training.logHyperParameters(unknownRunId, { lr: 0.1 }), 'NOT_FOUND');
  });

  kit.test('the store’s logParams stores nothing of a batch with a conflict, including a conflict inside the batch', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.store.logParams(run.id, [{ key: 'a', value: '1' }]);
    await expectMLOpsError(kit.store.logParams(run.id, [{ key: 'b', value: '2' }, { key: 'a', value: 'other' }]), 'CONFLICT');
    await expectMLOpsError(kit.store.logParams(run.id, [{ key: 'c', value: '1' }, { key: 'c', value: '2' }]), 'CONFLICT');
    await kit.store.logParams(run.id, [{ key: 'a', value: '1' }, { key: 'd', value: '4' }, { key: 'd', value: '4' }]);
    expect((await kit.store.getRun(run.id))?.params).toEqual({ a: '1', d: '4' });
  });

  kit.test('the store accepts a large batch of params in one call', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const params = Array.from({ length: 1_500 }, (_, index) => ({ key: `p${index}`, value: String(index) }));
    await kit.store.logParams(run.id, params);
    const stored = (await kit.store.getRun(run.id))!.params;
    expect(Object.keys(stored)).toHaveLength(1_500);
    expect(stored.p1499).toBe('1499');
  });
};
