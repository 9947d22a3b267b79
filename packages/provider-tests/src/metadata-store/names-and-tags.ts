import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownId = '01900000-0000-7000-8000-00000000dead';

/** Names and tags that change: experiment renames, run names, experiment tags, tag deletion. */
export const namesAndTagsSuite: ConcernSuite = (kit) => {
  kit.test('renameExperiment keeps the id, runs and tags; the new name finds it and the old one is free', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const before = await kit.mlops.lifecycle.setExperimentTags('iris', { team: 'vision' });
    const renamed = await kit.mlops.lifecycle.renameExperiment('iris', 'iris-classifier');
    expect(renamed).toEqual({ ...before, name: 'iris-classifier' });
    expect(await kit.mlops.lifecycle.getExperiment('iris-classifier')).toEqual(renamed);
    expect(await kit.mlops.lifecycle.getExperiment(renamed.id)).toEqual(renamed);
    await expectMLOpsError(kit.mlops.lifecycle.getExperiment('iris'), 'NOT_FOUND');
    expect((await kit.mlops.lifecycle.getRuns('iris-classifier')).map((listed) => listed.id)).toEqual([run.id]);
    expect((await kit.mlops.lifecycle.searchExperiments({ filter: "name = 'iris-classifier'" })).map((found) => found.id)).toEqual([renamed.id]);
    expect(await kit.mlops.lifecycle.getExperiments()).toEqual([renamed]);
    const fresh = await kit.mlops.lifecycle.createExperiment('iris');
    expect(fresh.id).not.toBe(renamed.id);
    expect(await kit.mlops.lifecycle.renameExperiment(renamed.id, 'iris-classifier')).toEqual(renamed);
  });

  kit.test('renameExperiment to a taken name is CONFLICT, and a bad name INVALID_ARGUMENT, changing nothing', async () => {
    const iris = await kit.mlops.lifecycle.createExperiment('iris');
    const churn = await kit.mlops.lifecycle.createExperiment('churn');
    await expectMLOpsError(kit.mlops.lifecycle.renameExperiment('iris', 'churn'), 'CONFLICT', { mentions: ['churn'] });
    for (const bad of ['', 'x'.repeat(501), 'line\nbreak', 42]) {
      await expectMLOpsError(kit.mlops.lifecycle.renameExperiment('iris', bad as string), 'INVALID_ARGUMENT');
    }
    await expectMLOpsError(kit.mlops.lifecycle.renameExperiment('unknown', 'other'), 'NOT_FOUND');
    await expectMLOpsError(kit.store.updateExperiment(unknownId, { name: 'other' }), 'NOT_FOUND');
    await expectMLOpsError(kit.store.updateExperiment(iris.id, { name: 'churn' }), 'CONFLICT');
    expect(await kit.mlops.lifecycle.getExperiments()).toEqual([iris, churn]);
  });

  kit.test('a deleted experiment cannot be renamed or retagged until restored', async () => {
    await kit.mlops.lifecycle.createExperiment('iris', { tags: { team: 'vision' } });
    await kit.mlops.lifecycle.deleteExperiment('iris');
    await expectMLOpsError(kit.mlops.lifecycle.renameExperiment('iris', 'other'), 'CONFLICT', { mentions: ['restoreExperiment'] });
    await expectMLOpsError(kit.mlops.lifecycle.setExperimentTags('iris', { a: '1' }), 'CONFLICT');
    await expectMLOpsError(kit.mlops.lifecycle.deleteExperimentTags('iris', ['team']), 'CONFLICT');
    await kit.mlops.lifecycle.restoreExperiment('iris');
    expect(await kit.mlops.lifecycle.renameExperiment('iris', 'other')).toMatchObject({ name: 'other', tags: { team: 'vision' } });
  });

  kit.test(
    'two renames racing for one name end with one winner and one CONFLICT',
    async () => {
      const first = await kit.mlops.lifecycle.createExperiment('first');
      const second = await kit.mlops.lifecycle.createExperiment('second');
      const outcomes = await Promise.allSettled([kit.mlops.lifecycle.renameExperiment(first.id, 'winner'), kit.mlops.lifecycle.renameExperiment(second.id, 'winner')]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [refused] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused?.reason?.code).toBe('CONFLICT');
      expect((await kit.mlops.lifecycle.getExperiments()).map((experiment) => experiment.name).sort()).toEqual(expect.arrayContaining(['winner']));
      expect((await kit.mlops.lifecycle.getExperiments()).filter((experiment) => experiment.name === 'winner')).toHaveLength(1);
    },
    { capability: 'concurrent-writes' },
  );

  kit.test('setExperimentTags adds and overwrites, deleteExperimentTags removes; an absent key is a no-op', async () => {
    const experiment = await kit.mlops.lifecycle.createExperiment('iris', { tags: { a: '1', b: '2' } });
    expect((await kit.mlops.lifecycle.setExperimentTags('iris', { b: 'changed', c: '3' })).tags).toEqual({ a: '1', b: 'changed', c: '3' });
    expect((await kit.mlops.lifecycle.deleteExperimentTags(experiment.id, ['a', 'missing'])).tags).toEqual({ b: 'changed', c: '3' });
    expect((await kit.mlops.lifecycle.getExperiment('iris')).tags).toEqual({ b: 'changed', c: '3' });
    expect((await kit.mlops.lifecycle.searchExperiments({ filter: "tags.c = '3'" })).map((found) => found.id)).toEqual([experiment.id]);
    expect(await kit.mlops.lifecycle.searchExperiments({ filter: 'tags.a IS NOT NULL' })).toEqual([]);
  });

  kit.test('experiment tag changes refuse bad keys and values with INVALID_ARGUMENT and unknown experiments with NOT_FOUND', async () => {
    await kit.mlops.lifecycle.createExperiment('iris', { tags: { a: '1' } });
    await expectMLOpsError(kit.mlops.lifecycle.setExperimentTags('iris', { '': 'x' }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.setExperimentTags('iris', { b: 2 as never }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.deleteExperimentTags('iris', 'a' as never), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.deleteExperimentTags('iris', ['ok', 'bad\n']), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.setExperimentTags('unknown', { b: '2' }), 'NOT_FOUND');
    await expectMLOpsError(kit.store.setExperimentTags(unknownId, { b: '2' }), 'NOT_FOUND');
    await expectMLOpsError(kit.store.deleteExperimentTags(unknownId, ['a']), 'NOT_FOUND');
    expect((await kit.mlops.lifecycle.getExperiment('iris')).tags).toEqual({ a: '1' });
  });

  kit.test('setRunName sets and clears a run name, searchable by attributes.name', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris', { name: 'first try' });
    expect((await kit.mlops.lifecycle.setRunName(run.id, 'baseline')).name).toBe('baseline');
    expect((await kit.mlops.lifecycle.searchRuns({ filter: "attributes.name = 'baseline'" })).runs.map((found) => found.id)).toEqual([run.id]);
    expect((await kit.mlops.lifecycle.setRunName(run.id, null)).name).toBeNull();
    await expectMLOpsError(kit.mlops.lifecycle.setRunName(run.id, ''), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.setRunName(run.id, 'tab\there'), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.setRunName(unknownId, 'name'), 'NOT_FOUND');
    expect((await kit.mlops.lifecycle.getRun(run.id)).name).toBeNull();
  });

  kit.test('deleteRunTags removes tags; an absent key is a no-op; bad keys and unknown runs change nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris', { tags: { a: '1', b: '2', 'odd key é': '3' } });
    await kit.mlops.lifecycle.deleteRunTags(run.id, ['a', 'odd key é', 'missing']);
    expect((await kit.mlops.lifecycle.getRun(run.id)).tags).toEqual({ b: '2' });
    await kit.mlops.lifecycle.deleteRunTags(run.id, []);
    await expectMLOpsError(kit.mlops.lifecycle.deleteRunTags(run.id, [''] as never), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.deleteRunTags(run.id, null as never), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.deleteRunTags(unknownId, ['b']), 'NOT_FOUND');
    expect((await kit.mlops.lifecycle.getRun(run.id)).tags).toEqual({ b: '2' });
    expect((await kit.mlops.lifecycle.searchRuns({ filter: 'tags.a IS NULL' })).runs.map((found) => found.id)).toEqual([run.id]);
  });
};
