import { expect } from 'vitest';
import { newExperimentRecord } from '../fixtures.js';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Experiments: creation by name (idempotent), lookup by id or name, listing order. */
export const experimentsSuite: ConcernSuite = (kit) => {
  kit.test('createExperiment returns a new experiment with a UUID v7 id, its name, description, tags and creation time', async () => {
    const before = Date.now();
    const experiment = await kit.mlops.lifecycle.createExperiment('iris', { description: 'Iris flowers', tags: { team: 'vision' } });
    expect(experiment).toMatchObject({ name: 'iris', description: 'Iris flowers', tags: { team: 'vision' } });
    expect(experiment.id).toMatch(uuidV7);
    expect(experiment.createdAt).toBeGreaterThanOrEqual(before - 1_000);
    expect(experiment.createdAt).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await kit.mlops.lifecycle.getExperiment(experiment.id)).toEqual(experiment);
  });

  kit.test('createExperiment with an existing name returns the stored experiment and creates nothing', async () => {
    const first = await kit.mlops.lifecycle.createExperiment('iris', { description: 'first' });
    const second = await kit.mlops.lifecycle.createExperiment('iris', { description: 'second' });
    expect(second).toEqual(first);
    expect(await kit.mlops.lifecycle.getExperiments()).toEqual([first]);
  });

  kit.test('getExperiment finds an experiment by id and by name', async () => {
    const experiment = await kit.mlops.lifecycle.createExperiment('churn');
    expect(await kit.mlops.lifecycle.getExperiment('churn')).toEqual(experiment);
    expect(await kit.mlops.lifecycle.getExperiment(experiment.id)).toEqual(experiment);
  });

  kit.test('getExperiment throws NOT_FOUND for an unknown name or id', async () => {
    await kit.mlops.lifecycle.createExperiment('known');
    await expectMLOpsError(kit.mlops.lifecycle.getExperiment('unknown'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.getExperiment('01900000-0000-7000-8000-000000000000'), 'NOT_FOUND');
  });

  kit.test('getExperiments lists experiments oldest first', async () => {
    const names = ['c-first', 'a-second', 'b-third'];
    for (const name of names) await kit.mlops.lifecycle.createExperiment(name);
    expect((await kit.mlops.lifecycle.getExperiments()).map((experiment) => experiment.name)).toEqual(names);
  });

  kit.test('getExperiments is empty on a fresh store', async () => {
    expect(await kit.mlops.lifecycle.getExperiments()).toEqual([]);
  });

  kit.test('experiment names round-trip Unicode, quotes and SQL-like text exactly', async () => {
    const names = ['expérience 🚀 ñ 日本', "it's \"quoted\"", "x'; DROP TABLE experiments; --", '100%_like_\\'];
    for (const name of names) await kit.mlops.lifecycle.createExperiment(name);
    for (const name of names) expect((await kit.mlops.lifecycle.getExperiment(name)).name).toBe(name);
    expect(await kit.mlops.lifecycle.getExperiments()).toHaveLength(names.length);
  });

  kit.test(
    'names differing only in case are different experiments',
    async () => {
      const lower = await kit.mlops.lifecycle.createExperiment('iris');
      const upper = await kit.mlops.lifecycle.createExperiment('IRIS');
      expect(upper.id).not.toBe(lower.id);
      expect((await kit.mlops.lifecycle.getExperiment('IRIS')).id).toBe(upper.id);
      expect(await kit.store.getExperimentByName('Iris')).toBeNull();
    },
    { capability: 'case-sensitive-names' },
  );

  kit.test('createExperiment refuses an empty, over-long or control-character name with INVALID_ARGUMENT and stores nothing', async () => {
    await expectMLOpsError(kit.mlops.lifecycle.createExperiment(''), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.createExperiment('x'.repeat(501)), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.createExperiment('line\nbreak'), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.createExperiment('nul\0byte'), 'INVALID_ARGUMENT');
    expect(await kit.mlops.lifecycle.getExperiments()).toEqual([]);
  });

  kit.test('an experiment name of 500 characters is accepted and stored in full', async () => {
    const name = 'n'.repeat(500);
    await kit.mlops.lifecycle.createExperiment(name);
    expect((await kit.mlops.lifecycle.getExperiment(name)).name).toBe(name);
  });

  kit.test('the store returns null for unknown experiment ids and names', async () => {
    expect(await kit.store.getExperimentById('01900000-0000-7000-8000-000000000000')).toBeNull();
    expect(await kit.store.getExperimentByName('nothing')).toBeNull();
  });

  kit.test('the store returns the stored experiment, ignoring the input, when the name exists', async () => {
    const stored = await kit.mlops.lifecycle.createExperiment('iris', { description: 'kept' });
    const returned = await kit.store.createExperiment(
      newExperimentRecord({ id: '01900000-0000-7000-8000-000000000001', name: 'iris', description: 'ignored', tags: { ignored: 'yes' }, createdAt: 1 }),
    );
    expect(returned).toEqual(stored);
    expect(await kit.store.getExperimentById('01900000-0000-7000-8000-000000000001')).toBeNull();
  });
};
