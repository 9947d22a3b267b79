import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

/** Runs: creation, lookup, listing, status, training time, tags, git commits, parents, withRun. */
export const runsSuite: ConcernSuite = (kit) => {
  kit.test('createRun creates the experiment by name and starts a running run', async () => {
    const before = Date.now();
    const run = await kit.mlops.lifecycle.createRun('iris');
    const experiment = await kit.mlops.lifecycle.getExperiment('iris');
    expect(run).toMatchObject({ experimentId: experiment.id, status: 'running', endTime: null, params: {}, metrics: {} });
    expect(run.startTime).toBeGreaterThanOrEqual(before - 1_000);
    expect(run.startTime).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(await kit.mlops.lifecycle.getRun(run.id)).toEqual(run);
  });

  kit.test('createRun accepts an experiment id and keeps name, git commit and tags', async () => {
    const experiment = await kit.mlops.lifecycle.createExperiment('iris');
    const run = await kit.mlops.lifecycle.createRun(experiment.id, { name: 'baseline', gitCommit: 'a1b2c3d', tags: { owner: 'ada' } });
    const stored = await kit.mlops.lifecycle.getRun(run.id);
    expect(stored).toMatchObject({ experimentId: experiment.id, name: 'baseline', gitCommit: 'a1b2c3d', tags: { owner: 'ada' } });
    expect(await kit.mlops.lifecycle.getExperiments()).toHaveLength(1);
  });

  kit.test('getRun throws NOT_FOUND for an unknown run id', async () => {
    await expectMLOpsError(kit.mlops.lifecycle.getRun(unknownRunId), 'NOT_FOUND');
  });

  kit.test('getRuns lists only the experiment’s runs, oldest first', async () => {
    const first = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.createRun('other');
    const second = await kit.mlops.lifecycle.createRun('iris');
    const third = await kit.mlops.lifecycle.createRun('iris');
    expect((await kit.mlops.lifecycle.getRuns('iris')).map((run) => run.id)).toEqual([first.id, second.id, third.id]);
  });

  kit.test('getRuns returns runs with their params and latest metrics', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.training.logHyperParameter(run.id, 'lr', 0.01);
    await kit.mlops.evaluation.logMetric(run.id, 'accuracy', 0.5, { step: 1 });
    await kit.mlops.evaluation.logMetric(run.id, 'accuracy', 0.9, { step: 2 });
    const [listed] = await kit.mlops.lifecycle.getRuns('iris');
    expect(listed).toMatchObject({ id: run.id, params: { lr: '0.01' }, metrics: { accuracy: 0.9 } });
  });

  kit.test('endRun finishes a run with an end time, and keeps another status when given', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const ended = await kit.mlops.lifecycle.endRun(run.id);
    expect(ended.status).toBe('finished');
    expect(ended.endTime).not.toBeNull();
    expect(ended.endTime!).toBeGreaterThanOrEqual(run.startTime);
    expect(await kit.mlops.lifecycle.getRun(run.id)).toMatchObject({ status: 'finished', endTime: ended.endTime });

    const failed = await kit.mlops.lifecycle.createRun('iris');
    expect((await kit.mlops.lifecycle.endRun(failed.id, 'failed')).status).toBe('failed');
    const killed = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.endRun(killed.id, 'killed');
    expect((await kit.mlops.lifecycle.getRun(killed.id)).status).toBe('killed');
  });

  kit.test('endRun refuses an unknown status with INVALID_ARGUMENT', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.lifecycle.endRun(run.id, 'exploded' as never), 'INVALID_ARGUMENT');
    expect((await kit.mlops.lifecycle.getRun(run.id)).status).toBe('running');
  });

  kit.test('setTrainingTime stores the given milliseconds, or the time since the run started', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    expect(await kit.mlops.lifecycle.setTrainingTime(run.id, 1_234)).toBe(1_234);
    expect((await kit.mlops.lifecycle.getRun(run.id)).trainingTimeMs).toBe(1_234);

    const measured = await kit.mlops.lifecycle.setTrainingTime(run.id);
    expect(measured).toBeGreaterThanOrEqual(0);
    expect(measured).toBeLessThanOrEqual(Date.now() - run.startTime + 1_000);
    expect((await kit.mlops.lifecycle.getRun(run.id)).trainingTimeMs).toBe(measured);
  });

  kit.test('setTags adds and overwrites tags and keeps the others', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris', { tags: { a: '1', b: '2' } });
    await kit.mlops.lifecycle.setTags(run.id, { b: 'changed', c: '3' });
    expect((await kit.mlops.lifecycle.getRun(run.id)).tags).toEqual({ a: '1', b: 'changed', c: '3' });
  });

  kit.test('getRunByCommit returns the latest run with that git commit', async () => {
    await kit.mlops.lifecycle.createRun('iris', { gitCommit: 'abc123' });
    await kit.mlops.lifecycle.createRun('iris', { gitCommit: 'other' });
    const latest = await kit.mlops.lifecycle.createRun('churn', { gitCommit: 'abc123' });
    expect((await kit.mlops.lifecycle.getRunByCommit('abc123')).id).toBe(latest.id);
  });

  kit.test('getRunByCommit throws NOT_FOUND when no run has the commit', async () => {
    await kit.mlops.lifecycle.createRun('iris', { gitCommit: 'abc123' });
    await expectMLOpsError(kit.mlops.lifecycle.getRunByCommit('fffffff'), 'NOT_FOUND');
  });

  kit.test('a child run records its parent run', async () => {
    const parent = await kit.mlops.lifecycle.createRun('iris');
    const child = await kit.mlops.lifecycle.createRun('iris', { parentRunId: parent.id });
    expect((await kit.mlops.lifecycle.getRun(child.id)).parentRunId).toBe(parent.id);
    expect(parent.parentRunId).toBeNull();
  });

  kit.test('createRun with an unknown parent run throws NOT_FOUND and creates no run', async () => {
    await kit.mlops.lifecycle.createExperiment('iris');
    await expectMLOpsError(kit.mlops.lifecycle.createRun('iris', { parentRunId: unknownRunId }), 'NOT_FOUND');
    expect(await kit.mlops.lifecycle.getRuns('iris')).toEqual([]);
  });

  kit.test('withRun returns the callback’s result and finishes the run with its training time', async () => {
    let seen: string | undefined;
    const result = await kit.mlops.lifecycle.withRun('iris', async (run) => {
      seen = run.id;
      expect(run.status).toBe('running');
      return 42;
    });
    expect(result).toBe(42);
    const stored = await kit.mlops.lifecycle.getRun(seen!);
    expect(stored.status).toBe('finished');
    expect(stored.endTime).not.toBeNull();
    expect(stored.trainingTimeMs).not.toBeNull();
  });

  kit.test('withRun marks the run failed with the error message in tag mlops.error and rethrows', async () => {
    let seen: string | undefined;
    const failure = new Error('training diverged');
    await expect(
      kit.mlops.lifecycle.withRun('iris', async (run) => {
        seen = run.id;
        throw failure;
      }),
    ).rejects.toBe(failure);
    const stored = await kit.mlops.lifecycle.getRun(seen!);
    expect(stored.status).toBe('failed');
    expect(stored.tags['mlops.error']).toContain('training diverged');
    expect(stored.endTime).not.toBeNull();
  });

  kit.test('run-level calls on an unknown run id throw NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.lifecycle.endRun(unknownRunId), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.setTrainingTime(unknownRunId, 5), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.setTags(unknownRunId, { a: 'b' }), 'NOT_FOUND');
  });

  kit.test('the store lists runs by git commit oldest first and returns null for an unknown run', async () => {
    const first = await kit.mlops.lifecycle.createRun('iris', { gitCommit: 'abc' });
    const second = await kit.mlops.lifecycle.createRun('churn', { gitCommit: 'abc' });
    expect((await kit.store.listRunsByGitCommit('abc')).map((run) => run.id)).toEqual([first.id, second.id]);
    expect(await kit.store.listRunsByGitCommit('none')).toEqual([]);
    expect(await kit.store.getRun(unknownRunId)).toBeNull();
  });

  kit.test('the store’s updateRun changes only the fields it is given', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.store.updateRun(run.id, { trainingTimeMs: 77 });
    expect(await kit.store.getRun(run.id)).toMatchObject({ status: 'running', endTime: null, trainingTimeMs: 77 });
    await kit.store.updateRun(run.id, { status: 'finished', endTime: run.startTime + 10 });
    expect(await kit.store.getRun(run.id)).toMatchObject({ status: 'finished', endTime: run.startTime + 10, trainingTimeMs: 77 });
    await kit.store.updateRun(run.id, { trainingTimeMs: null });
    expect((await kit.store.getRun(run.id))?.trainingTimeMs).toBeNull();
  });
};
