import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { decodeOutputRows, decodeOutputs } from './output-decoder.js';

describe('decodeOutputs', () => {
  it('gives int64 as numbers while safe and bigints beyond, bool as booleans, and drops the batch dimension of one row', () => {
    const results = {
      count: new Tensor('int64', BigInt64Array.from([3n, 2n ** 60n]), [2]),
      flag: new Tensor('bool', Uint8Array.from([1, 0]), [1, 2]),
    };
    expect(decodeOutputs(results, ['count'], false)).toEqual({ count: [3, 2n ** 60n] });
    expect(decodeOutputs(results, ['flag'], true)).toEqual({ flag: [true, false] });
  });

  it('splits a batch into one record per row, giving an output without the batch dimension to every row', () => {
    const results = {
      probabilities: new Tensor('float32', Float32Array.from([0.25, 0.75, 0.5, 0.5, 1, 0]), [3, 2]),
      label: new Tensor('string', ['a', 'b', 'c'], [3]),
      bias: new Tensor('float32', Float32Array.from([0.5]), [1]),
    };
    expect(decodeOutputRows(results, ['label', 'probabilities', 'bias'], 3)).toEqual([
      { label: 'a', probabilities: [0.25, 0.75], bias: [0.5] },
      { label: 'b', probabilities: [0.5, 0.5], bias: [0.5] },
      { label: 'c', probabilities: [1, 0], bias: [0.5] },
    ]);
  });
});
