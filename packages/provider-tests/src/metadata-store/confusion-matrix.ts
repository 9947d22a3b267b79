import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

/** Confusion matrices: counts[actual][predicted], derived precision and recall, replacement. */
export const confusionMatrixSuite: ConcernSuite = (kit) => {
  kit.test('logConfusionMatrix stores labels and counts and computes per-class precision and recall', async () => {
    const run = await kit.mlops.lifecycle.createRun('pets');
    const logged = await kit.mlops.evaluation.logConfusionMatrix(run.id, {
      labels: ['cat', 'dog'],
      counts: [
        [5, 1],
        [2, 4],
      ],
    });
    expect(logged.runId).toBe(run.id);
    expect(logged.labels).toEqual(['cat', 'dog']);
    expect(logged.counts).toEqual([
      [5, 1],
      [2, 4],
    ]);
    expect(logged.precision[0]).toBeCloseTo(5 / 7, 12);
    expect(logged.precision[1]).toBeCloseTo(4 / 5, 12);
    expect(logged.recall[0]).toBeCloseTo(5 / 6, 12);
    expect(logged.recall[1]).toBeCloseTo(4 / 6, 12);
    expect(await kit.mlops.evaluation.getConfusionMatrix(run.id)).toEqual(logged);
  });

  kit.test('labels default to "0", "1", … in class order', async () => {
    const run = await kit.mlops.lifecycle.createRun('digits');
    const logged = await kit.mlops.evaluation.logConfusionMatrix(run.id, {
      counts: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    });
    expect(logged.labels).toEqual(['0', '1', '2']);
    expect((await kit.mlops.evaluation.getConfusionMatrix(run.id)).labels).toEqual(['0', '1', '2']);
  });

  kit.test('precision is NaN for a class never predicted and recall is NaN for a class that never occurs, and both survive storage', async () => {
    const run = await kit.mlops.lifecycle.createRun('pets');
    await kit.mlops.evaluation.logConfusionMatrix(run.id, {
      labels: ['a', 'b', 'c'],
      counts: [
        [3, 0, 0],
        [1, 0, 0],
        [0, 0, 0],
      ],
    });
    const stored = await kit.mlops.evaluation.getConfusionMatrix(run.id);
    expect(stored.precision[0]).toBeCloseTo(3 / 4, 12);
    expect(stored.precision[1]).toBeNaN();
    expect(stored.precision[2]).toBeNaN();
    expect(stored.recall[0]).toBe(1);
    expect(stored.recall[1]).toBe(0);
    expect(stored.recall[2]).toBeNaN();
  });

  kit.test('logging a confusion matrix again replaces the stored one', async () => {
    const run = await kit.mlops.lifecycle.createRun('pets');
    await kit.mlops.evaluation.logConfusionMatrix(run.id, { labels: ['x', 'y'], counts: [[1, 0], [0, 1]] });
    const replacement = await kit.mlops.evaluation.logConfusionMatrix(run.id, { labels: ['p', 'q'], counts: [[7, 3], [2, 8]] });
    expect(await kit.mlops.evaluation.getConfusionMatrix(run.id)).toEqual(replacement);
  });

  kit.test('a 20-class matrix with large counts round-trips exactly', async () => {
    const run = await kit.mlops.lifecycle.createRun('many');
    const size = 20;
    const counts = Array.from({ length: size }, (_, actual) => Array.from({ length: size }, (_, predicted) => (actual === predicted ? 1_000_000 + actual : actual * size + predicted)));
    const labels = Array.from({ length: size }, (_, index) => `class ${index} ✓`);
    await kit.mlops.evaluation.logConfusionMatrix(run.id, { labels, counts });
    const stored = await kit.mlops.evaluation.getConfusionMatrix(run.id);
    expect(stored.counts).toEqual(counts);
    expect(stored.labels).toEqual(labels);
  });

  kit.test('getConfusionMatrix throws NOT_FOUND when the run has none', async () => {
    const run = await kit.mlops.lifecycle.createRun('pets');
    await expectMLOpsError(kit.mlops.evaluation.getConfusionMatrix(run.id), 'NOT_FOUND');
  });

  kit.test('a non-square matrix or a label count that does not match is INVALID_ARGUMENT and stores nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('pets');
    await expectMLOpsError(kit.mlops.evaluation.logConfusionMatrix(run.id, { counts: [[1, 2], [3]] }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.evaluation.logConfusionMatrix(run.id, { labels: ['only-one'], counts: [[1, 2], [3, 4]] }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.evaluation.getConfusionMatrix(run.id), 'NOT_FOUND');
  });

  kit.test('confusion matrices on an unknown run throw NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.evaluation.logConfusionMatrix(unknownRunId, { counts: [[1]] }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.evaluation.getConfusionMatrix(unknownRunId), 'NOT_FOUND');
  });
};
