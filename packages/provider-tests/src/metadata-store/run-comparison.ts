import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownId = '01900000-0000-7000-8000-00000000dead';

/** compareRuns and listKeys: what the CLI and the UI build their tables and column pickers on. */
export const runComparisonSuite: ConcernSuite = (kit) => {
  kit.test('compareRuns puts params, latest metrics with deltas against the first run, and tags side by side', async () => {
    const first = await kit.mlops.lifecycle.createRun('iris', { name: 'first', tags: { team: 'vision' } });
    const second = await kit.mlops.lifecycle.createRun('iris', { name: 'second', tags: { team: 'vision', note: 'tuned' } });
    await kit.mlops.training.logHyperParameters(first.id, { lr: 0.1, depth: 3 });
    await kit.mlops.training.logHyperParameters(second.id, { lr: 0.01, depth: 3, seed: 7 });
    await kit.mlops.evaluation.logMetrics(first.id, [{ key: 'accuracy', value: 0.5, step: 0 }, { key: 'accuracy', value: 0.75, step: 1 }, { key: 'loss', value: Number.NaN }]);
    await kit.mlops.evaluation.logMetrics(second.id, { accuracy: 1, loss: Number.NaN, f1: 0.5 });

    const comparison = await kit.mlops.lifecycle.compareRuns([first.id, second.id]);
    expect(comparison.runs.map((run) => [run.id, run.name])).toEqual([
      [first.id, 'first'],
      [second.id, 'second'],
    ]);
    expect(comparison.runs[0]).not.toHaveProperty('params');
    expect(comparison.params).toEqual([
      { key: 'depth', values: ['3', '3'], differs: false },
      { key: 'lr', values: ['0.1', '0.01'], differs: true },
      { key: 'seed', values: [null, '7'], differs: true },
    ]);
    expect(comparison.metrics).toEqual([
      { key: 'accuracy', values: [0.75, 1], deltas: [0, 0.25], differs: true },
      { key: 'f1', values: [null, 0.5], deltas: [null, null], differs: true },
      { key: 'loss', values: [Number.NaN, Number.NaN], deltas: [Number.NaN, Number.NaN], differs: false },
    ]);
    expect(comparison.tags).toEqual([
      { key: 'note', values: [null, 'tuned'], differs: true },
      { key: 'team', values: ['vision', 'vision'], differs: false },
    ]);
    // The order asked for is the order returned; deltas are against the first listed.
    const reversed = await kit.mlops.lifecycle.compareRuns([second.id, first.id]);
    expect(reversed.metrics.find((metric) => metric.key === 'accuracy')).toEqual({ key: 'accuracy', values: [1, 0.75], deltas: [0, -0.25], differs: true });
  });

  kit.test('compareRuns includes deleted runs and refuses an empty list, a repeated id or an unknown run', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const deleted = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.deleteRun(deleted.id);
    expect((await kit.mlops.lifecycle.compareRuns([run.id, deleted.id])).runs.map((compared) => compared.lifecycleStage)).toEqual(['active', 'deleted']);
    await expectMLOpsError(kit.mlops.lifecycle.compareRuns([]), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.compareRuns('not a list' as never), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.compareRuns([run.id, run.id]), 'INVALID_ARGUMENT', { mentions: [run.id] });
    await expectMLOpsError(kit.mlops.lifecycle.compareRuns([run.id, unknownId]), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.compareRuns(Array.from({ length: 101 }, () => run.id)), 'INVALID_ARGUMENT');
  });

  kit.test('listKeys gives the distinct param, metric and tag keys of the experiment’s active runs, sorted', async () => {
    const first = await kit.mlops.lifecycle.createRun('iris', { tags: { team: 'vision' } });
    const second = await kit.mlops.lifecycle.createRun('iris', { tags: { team: 'vision', 'Z-upper': 'x' } });
    const deleted = await kit.mlops.lifecycle.createRun('iris', { tags: { gone: 'yes' } });
    const elsewhere = await kit.mlops.lifecycle.createRun('churn', { tags: { other: 'x' } });
    await kit.mlops.training.logHyperParameters(first.id, { lr: 0.1, 'tree.depth': 3 });
    await kit.mlops.training.logHyperParameters(second.id, { lr: 0.2 });
    await kit.mlops.training.logHyperParameters(elsewhere.id, { momentum: 0.9 });
    await kit.mlops.evaluation.logMetrics(first.id, { accuracy: 0.9, 'val/loss': 0.1 });
    await kit.mlops.evaluation.logMetrics(second.id, { accuracy: 0.8, épocas: 3 });
    await kit.mlops.evaluation.logMetrics(deleted.id, { deletedOnly: 1 });
    await kit.mlops.lifecycle.deleteRun(deleted.id);

    const expected = { params: ['lr', 'tree.depth'], metrics: ['accuracy', 'val/loss', 'épocas'], tags: ['Z-upper', 'team'] };
    expect(await kit.mlops.lifecycle.listKeys('iris')).toEqual(expected);
    expect(await kit.mlops.lifecycle.listKeys('iris', { lifecycle: 'all' })).toEqual({ ...expected, metrics: ['accuracy', 'deletedOnly', 'val/loss', 'épocas'], tags: ['Z-upper', 'gone', 'team'] });
    expect(await kit.mlops.lifecycle.listKeys('iris', { lifecycle: 'deleted' })).toEqual({ params: [], metrics: ['deletedOnly'], tags: ['gone'] });
    expect(await kit.mlops.lifecycle.listKeys((await kit.mlops.lifecycle.createExperiment('empty')).id)).toEqual({ params: [], metrics: [], tags: [] });
    await expectMLOpsError(kit.mlops.lifecycle.listKeys('unknown'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.listKeys('iris', { lifecycle: 'some' as never }), 'INVALID_ARGUMENT');
  });
};
