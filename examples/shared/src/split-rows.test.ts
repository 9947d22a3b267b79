import { describe, expect, it } from 'vitest';
import { splitRows } from './split-rows.js';

const rows = Array.from({ length: 101 }, (_, index) => index);

describe('splitRows', () => {
  it('gives the same split for the same seed and another one for another seed', () => {
    expect(splitRows(rows, 0.25, 7)).toEqual(splitRows(rows, 0.25, 7));
    expect(splitRows(rows, 0.25, 8).test).not.toEqual(splitRows(rows, 0.25, 7).test);
  });

  it('holds out the rounded fraction and keeps every row exactly once', () => {
    const { train, test } = splitRows(rows, 0.25, 7);
    expect(test).toHaveLength(25);
    expect(train).toHaveLength(76);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(rows);
  });

  it('leaves the input rows in their order', () => {
    const input = [...rows];
    splitRows(input, 0.5, 1);
    expect(input).toEqual(rows);
  });
});
