import { MLOpsError } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';

import { ElementBudget, TooManyElementsError } from './element-budget.js';
import { measureValue, resolveShape, valueShape } from './tensor-shape.js';

const spec = { name: 'X', elementType: 'float32', shape: ['N', 4] };

describe('resolveShape', () => {
  it('takes a full shape as a batch and a shape without the batch dimension as one row', () => {
    expect(resolveShape(spec, [3, 4], false)).toEqual({ dims: [3, 4], isSingleRow: false });
    expect(resolveShape(spec, [4], false)).toEqual({ dims: [1, 4], isSingleRow: true });
  });

  it('reads a flat typed array as rows laid end to end, and only a typed array', () => {
    expect(resolveShape(spec, [12], true)).toEqual({ dims: [3, 4], isSingleRow: false });
    expect(() => resolveShape(spec, [12], false)).toThrow(/has shape \[12\], but the model expects \[N, 4\]/);
    expect(() => resolveShape(spec, [10], true)).toThrow(MLOpsError);
  });

  it('honours a fixed batch size, and accepts any shape when the model declares none', () => {
    const fixed = { name: 'X', elementType: 'float32', shape: [2, 4] };
    expect(() => resolveShape(fixed, [4], false)).toThrow(/expects \[2, 4\]/);
    expect(resolveShape({ name: 'X', elementType: 'float32', shape: [] }, [5, 7], false)).toEqual({ dims: [5, 7], isSingleRow: undefined });
  });
});

describe('valueShape', () => {
  it('reads nested plain and typed arrays along their first elements', () => {
    expect(valueShape(3)).toEqual([]);
    expect(valueShape([[1, 2, 3], [4, 5, 6]])).toEqual([2, 3]);
    expect(valueShape([new Float32Array(4), new Float32Array(4)])).toEqual([2, 4]);
    expect(valueShape([])).toEqual([0]);
  });
});

describe('measureValue', () => {
  const unlimited = () => new ElementBudget(Number.POSITIVE_INFINITY);

  it('returns the shape of a regular value, whatever its nesting', () => {
    expect(measureValue(3, 'X', unlimited())).toEqual([]);
    expect(measureValue([[[1], [2]], [[3], [4]]], 'X', unlimited())).toEqual([2, 2, 1]);
    expect(measureValue([new Float32Array(4), new Float32Array(4)], 'X', unlimited())).toEqual([2, 4]);
  });

  it('names the first entry that breaks the shape of the first elements', () => {
    expect(() => measureValue([[1, 2], [3, 4], [5]], "Input 'X'", unlimited())).toThrow(/Input 'X' is ragged: entry \[2\] is a list of 1 where a list of 2 was expected/);
    expect(() => measureValue([[[1]], [[2], [3]]], "Input 'X'", unlimited())).toThrow(/entry \[1\] is a list of 2 where a list of 1/);
    expect(() => measureValue([new Float32Array(2), 7], "Input 'X'", unlimited())).toThrow(/entry \[1\] is number 7/);
  });

  it('counts into the budget shared by a call and stops once it is spent', () => {
    const budget = new ElementBudget(5);
    measureValue([1, 2, 3], "Input 'X'", budget);
    expect(() => measureValue([[1, 2], [3, 4]], "Input 'Y'", budget)).toThrow(TooManyElementsError);
  });
});
