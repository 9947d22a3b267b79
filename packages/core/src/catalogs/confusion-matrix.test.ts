import { describe, expect, it } from 'vitest';
import { buildConfusionMatrix } from './confusion-matrix.js';

describe('buildConfusionMatrix', () => {
  it('computes per-class precision (by predicted column) and recall (by actual row)', () => {
    const matrix = buildConfusionMatrix('run', [
      [8, 2],
      [1, 9],
    ], ['cat', 'dog']);
    expect(matrix.precision[0]).toBeCloseTo(8 / 9);
    expect(matrix.precision[1]).toBeCloseTo(9 / 11);
    expect(matrix.recall[0]).toBeCloseTo(0.8);
    expect(matrix.recall[1]).toBeCloseTo(0.9);
  });

  it('gives NaN for a class that is never predicted or never occurs', () => {
    const matrix = buildConfusionMatrix('run', [
      [0, 0],
      [0, 5],
    ]);
    expect(matrix.labels).toEqual(['0', '1']);
    expect(matrix.precision[0]).toBeNaN();
    expect(matrix.recall[0]).toBeNaN();
  });

  it('refuses non-square matrices, negative counts and mismatched labels', () => {
    expect(() => buildConfusionMatrix('run', [[1, 2]])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => buildConfusionMatrix('run', [[-1]])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => buildConfusionMatrix('run', [[1]], ['a', 'b'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
