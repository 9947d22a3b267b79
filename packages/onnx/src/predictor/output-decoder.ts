import type { Tensor } from 'onnxruntime-node';

/** One output as plain values: a scalar or nested arrays (int64 values are numbers when safe, bigints otherwise). */
export type OutputValue = number | bigint | string | boolean | OutputValue[];

/** Outputs keyed by output name, e.g. `{ label: 'setosa', probabilities: [0.97, 0.02, 0.01] }`. */
export type PredictionOutput = Record<string, OutputValue>;

/** How a tensor's elements become plain values: as they are, int64 → number (bigint past 2^53), uint8 → boolean. */
type ElementConversion = 'none' | 'bigint' | 'bool';

type TensorData = ArrayLike<number | bigint | string>;

function conversionOf(tensor: Tensor): ElementConversion {
  if (tensor.type === 'int64' || tensor.type === 'uint64') return 'bigint';
  return tensor.type === 'bool' ? 'bool' : 'none';
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const minSafe = BigInt(Number.MIN_SAFE_INTEGER);

function bigintValue(value: bigint): number | bigint {
  return value <= maxSafe && value >= minSafe ? Number(value) : value;
}

/** The elements of the last axis as a plain array; one tight loop per conversion, since batches run it per row. */
function lastAxis(data: TensorData, offset: number, length: number, conversion: ElementConversion): OutputValue[] {
  // A string tensor's data is already a fresh JS array that nothing else holds.
  if (Array.isArray(data) && offset === 0 && length === data.length) return data as OutputValue[];
  const values = new Array<OutputValue>(length);
  if (conversion === 'none') {
    for (let index = 0; index < length; index++) values[index] = data[offset + index] as number | string;
  } else if (conversion === 'bigint') {
    for (let index = 0; index < length; index++) values[index] = bigintValue(data[offset + index] as bigint);
  } else {
    for (let index = 0; index < length; index++) values[index] = data[offset + index] !== 0;
  }
  return values;
}

function element(data: TensorData, offset: number, conversion: ElementConversion): OutputValue {
  const value = data[offset]!;
  return conversion === 'none' ? (value as number | string) : conversion === 'bigint' ? bigintValue(value as bigint) : value !== 0;
}

function nest(data: TensorData, conversion: ElementConversion, dims: readonly number[], depth: number, offset: number, strides: readonly number[]): OutputValue {
  if (depth === dims.length) return element(data, offset, conversion);
  const length = dims[depth]!;
  if (depth === dims.length - 1) return lastAxis(data, offset, length, conversion);
  const values = new Array<OutputValue>(length);
  const stride = strides[depth]!;
  for (let index = 0; index < length; index++) values[index] = nest(data, conversion, dims, depth + 1, offset + index * stride, strides);
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
  return nest(tensor.data as TensorData, conversionOf(tensor), dims, 0, 0, stridesOf(dims));
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
    const data = tensor.data as TensorData;
    const conversion = conversionOf(tensor);
    for (let row = 0; row < rowCount; row++) rows[row]![name] = nest(data, conversion, rowDims, 0, row * rowSize, strides);
  }
  return rows;
}
