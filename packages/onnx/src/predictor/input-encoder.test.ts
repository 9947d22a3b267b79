import { MLOpsError, type TensorSpec } from '@mlops-ts/core';
import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { TooManyElementsError } from './element-budget.js';
import { InputEncoder } from './input-encoder.js';

const unknownRank: TensorSpec = { name: 'text', elementType: 'string', shape: [] };
const symbolic: TensorSpec = { name: 'text', elementType: 'string', shape: ['N', 'M'] };
const features: TensorSpec = { name: 'X', elementType: 'float32', shape: ['N', 4] };

/** A list whose first entry is `inner`, followed by `count - 1` scalars. */
function deceptive(inner: unknown, count: number): unknown[] {
  return [inner, ...Array.from({ length: count - 1 }, () => 'a')];
}

function invalid(message: RegExp): (error: unknown) => boolean {
  return (error) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && message.test(error.message);
}

describe('InputEncoder: shapes are checked against the whole value before allocating', () => {
  it('refuses a ragged value of unknown rank whose first elements claim 1e12 strings, naming where it breaks', () => {
    const value = deceptive(deceptive(deceptive(['a'], 10_000), 10_000), 10_000);
    expect(() => new InputEncoder([unknownRank]).encode({ text: value as string[] })).toThrow(
      expect.toSatisfy(invalid(/Input 'text' is ragged: entry \[0\]\[0\]\[1\] is the string "a" where a list of 1 was expected/)),
    );
  });

  it('refuses rows of different lengths under symbolic dimensions', () => {
    expect(() => new InputEncoder([symbolic]).encode({ text: [['a', 'b'], ['c']] })).toThrow(expect.toSatisfy(invalid(/entry \[1\] is a list of 1 where a list of 2/)));
  });

  it('refuses holes and values nested deeper than 32 levels', () => {
    const sparse = new Array<string[]>(3);
    sparse[0] = ['a'];
    expect(() => new InputEncoder([symbolic]).encode({ text: sparse })).toThrow(expect.toSatisfy(invalid(/entry \[1\] is undefined/)));
    let deep: unknown = 'a';
    for (let level = 0; level < 40; level++) deep = [deep];
    expect(() => new InputEncoder([unknownRank]).encode({ text: deep as string[] })).toThrow(expect.toSatisfy(invalid(/more than 32 levels/)));
  });

  it('still encodes regular values of every form', () => {
    const encoder = new InputEncoder([symbolic]);
    expect(encoder.encode({ text: [['a', 'b'], ['c', 'd']] }).feeds.text!.dims).toEqual([2, 2]);
    expect(encoder.encode({ text: [[], []] }).feeds.text!.dims).toEqual([2, 0]);
    expect(new InputEncoder([unknownRank]).encode({ text: 'a' }).feeds.text!.dims).toEqual([]);
    const floats = new InputEncoder([features]);
    expect(floats.encode({ X: [new Float32Array(4), new Float32Array(4)] }).feeds.X!.dims).toEqual([2, 4]);
    expect(floats.encodeRows([{ X: [1, 2, 3, 4] }, { X: [5, 6, 7, 8] }]).feeds.X!.data).toEqual(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
  });
});

describe('InputEncoder: maxElements', () => {
  const isTooMany = (elements: number, max: number) => (error: unknown) =>
    error instanceof TooManyElementsError &&
    MLOpsError.hasCode(error, 'INVALID_ARGUMENT') &&
    error.maxElements === max &&
    error.message.includes(`at least ${elements} tensor elements`);

  it('counts the elements of every input of a call, in every form', () => {
    const encoder = new InputEncoder([features, { name: 'Y', elementType: 'float32', shape: ['N'] }], { maxElements: 10 });
    expect(() => encoder.encode({ X: [[1, 2, 3, 4]], Y: [1] })).not.toThrow();
    expect(() => encoder.encode({ X: [[1, 2, 3, 4], [1, 2, 3, 4]], Y: [1, 2, 3] })).toThrow(expect.toSatisfy(isTooMany(11, 10)));
    expect(() => encoder.encode({ X: new Float32Array(12), Y: [1, 2, 3] })).toThrow(expect.toSatisfy(isTooMany(12, 10)));
    expect(() => encoder.encode({ X: new Tensor('float32', new Float32Array(12), [3, 4]), Y: [1] })).toThrow(TooManyElementsError);
  });

  it('counts over every row of encodeRows', () => {
    const encoder = new InputEncoder([features], { maxElements: 8 });
    expect(() => encoder.encodeRows([{ X: [1, 2, 3, 4] }, { X: [1, 2, 3, 4] }])).not.toThrow();
    expect(() => encoder.encodeRows([{ X: [1, 2, 3, 4] }, { X: [1, 2, 3, 4] }, { X: [1, 2, 3, 4] }])).toThrow(expect.toSatisfy(isTooMany(12, 8)));
  });

  it('stops counting a huge regular value as soon as it passes the limit', () => {
    const row = Array.from({ length: 1000 }, () => 'a');
    const rows = Array.from({ length: 1000 }, () => row);
    expect(() => new InputEncoder([symbolic], { maxElements: 1500 }).encode({ text: rows })).toThrow(expect.toSatisfy(isTooMany(2000, 1500)));
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new InputEncoder([features], { maxElements: 0 })).toThrow(expect.toSatisfy(invalid(/maxElements is 0/)));
    expect(() => new InputEncoder([features], { maxElements: Number.POSITIVE_INFINITY })).not.toThrow();
  });
});
