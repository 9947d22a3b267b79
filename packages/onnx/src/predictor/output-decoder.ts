import type { Tensor } from 'onnxruntime-node';

/** One output as plain values: a scalar or nested arrays (int64 values are numbers when safe, bigints otherwise). */
export type OutputValue = number | bigint | string | boolean | OutputValue[];

/** Outputs keyed by output name, e.g. `{ label: 'setosa', probabilities: [0.97, 0.02, 0.01] }`. */
export type PredictionOutput = Record<string, OutputValue>;

type ElementReader = (index: number) => number | bigint | string | boolean;

function elementReader(tensor: Tensor): ElementReader {
  const data = tensor.data as ArrayLike<number | bigint | string>;
  if (tensor.type === 'int64' || tensor.type === 'uint64') {
    const big = data as ArrayLike<bigint>;
    return (index) => {
      const value = big[index]!;
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
    };
  }
  if (tensor.type === 'bool') return (index) => data[index] !== 0;
  return (index) => data[index]!;
}

function nest(read: ElementReader, dims: readonly number[], depth: number, offset: number, strides: readonly number[]): OutputValue {
  if (depth === dims.length) return read(offset);
  const length = dims[depth]!;
  const values = new Array<OutputValue>(length);
  if (depth === dims.length - 1) {
    for (let index = 0; index < length; index++) values[index] = read(offset + index);
  } else {
    const stride = strides[depth]!;
    for (let index = 0; index < length; index++) values[index] = nest(read, dims, depth + 1, offset + index * stride, strides);
  }
  return values;
}

/** Elements per step of each axis, e.g. [N, 3] → [3, 1]. */
function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let size = 1;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    strides[axis] = size;
    size *= dims[axis]!;
  }
  return strides;
}

/** A tensor as nested plain arrays; with `dropBatch`, its first dimension (of size 1) left out. */
export function tensorToValue(tensor: Tensor, dropBatch: boolean): OutputValue {
  const dims = dropBatch && tensor.dims[0] === 1 ? tensor.dims.slice(1) : tensor.dims;
  return nest(elementReader(tensor), dims, 0, 0, stridesOf(dims));
}

/** Session results as plain values keyed by output name. */
export function decodeOutputs(results: Readonly<Record<string, Tensor>>, names: readonly string[], isSingleRow: boolean): PredictionOutput {
  const output: PredictionOutput = {};
  for (const name of names) output[name] = tensorToValue(results[name]!, isSingleRow);
  return output;
}

/**
 * Session results split into one output record per row: each output's first dimension is
 * the batch. An output without that dimension (a constant) is given whole to every row.
 */
export function decodeOutputRows(results: Readonly<Record<string, Tensor>>, names: readonly string[], rowCount: number): PredictionOutput[] {
  const rows = Array.from({ length: rowCount }, (): PredictionOutput => ({}));
  for (const name of names) {
    const tensor = results[name]!;
    if (tensor.dims[0] !== rowCount || tensor.dims.length === 0) {
      const whole = tensorToValue(tensor, false);
      for (const row of rows) row[name] = whole;
      continue;
    }
    const rowDims = tensor.dims.slice(1);
    const strides = stridesOf(rowDims);
    const rowSize = rowDims.reduce((product, size) => product * size, 1);
    const read = elementReader(tensor);
    for (let row = 0; row < rowCount; row++) rows[row]![name] = nest(read, rowDims, 0, row * rowSize, strides);
  }
  return rows;
}
