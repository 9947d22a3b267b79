import { MLOpsError, type TensorSpec } from '@mlops-ts/core';
import { Tensor } from 'onnxruntime-node';

import { checkMaxElements, defaultMaxElements, ElementBudget } from './element-budget.js';
import { elementKind, isTypedArray, type ElementKind, type TensorTypedArray } from './element-types.js';
import { describeSpec, describeValue, formatShape, isArrayLevel, measureValue, resolveShape, type Dimension } from './tensor-shape.js';

/** One value a caller may feed: a scalar, nested plain arrays, a typed array, or an onnxruntime `Tensor`. */
export type InputValue = number | bigint | string | boolean | readonly InputValue[] | TensorTypedArray | Tensor;

/** Values keyed by input name, e.g. `{ X: [5.1, 3.5, 1.4, 0.2] }`. */
export type PredictionInput = Readonly<Record<string, InputValue>>;

/** Options of {@link InputEncoder}. */
export interface InputEncoderOptions {
  /** The most tensor elements one call may feed, over all its inputs and rows. Default 10,000,000. */
  maxElements?: number;
}

/** Session feeds made from a caller's input. */
export interface EncodedInput {
  feeds: Record<string, Tensor>;
  /** Rows in the batch (the first dimension of the first input). */
  rowCount: number;
  /** True when every input left out the batch dimension, so outputs drop it too. */
  isSingleRow: boolean;
}

interface PreparedInput {
  spec: TensorSpec;
  kind: ElementKind;
  rowShape: readonly Dimension[];
  /** Elements in one row when every dimension after the batch is fixed, for the one-row fast path; else -1. */
  fixedRowSize: number;
}

function fixedRowSize(shape: readonly Dimension[]): number {
  if (shape.length < 2 || (typeof shape[0] === 'number' && shape[0] !== 1)) return -1;
  const rest = shape.slice(1);
  return rest.every((dimension) => typeof dimension === 'number') ? (rest as number[]).reduce((product, size) => product * size, 1) : -1;
}

/** Turns caller values into session feeds, checking them against the model's input signature. */
export class InputEncoder {
  readonly #inputs: PreparedInput[];
  readonly #names: Set<string>;
  readonly #expected: string;
  readonly #maxElements: number;

  /** @throws MLOpsError `INVALID_ARGUMENT` for a bad `maxElements`; `UNSUPPORTED` for an input type it cannot feed. */
  constructor(inputs: readonly TensorSpec[], options: InputEncoderOptions = {}) {
    this.#maxElements = checkMaxElements(options.maxElements ?? defaultMaxElements);
    this.#inputs = inputs.map((spec) => ({ spec, kind: elementKind(spec.elementType, spec.name), rowShape: spec.shape.slice(1), fixedRowSize: fixedRowSize(spec.shape) }));
    this.#names = new Set(inputs.map((spec) => spec.name));
    this.#expected = inputs.map(describeSpec).join(', ');
  }

  /**
   * Encodes one input record: a batch (values with the batch dimension) or a single row
   * (every value without it).
   * @throws MLOpsError `INVALID_ARGUMENT` naming the input and what the model expects;
   *   `TooManyElementsError` above `maxElements`.
   */
  encode(input: PredictionInput): EncodedInput {
    this.#checkNames(input, 'Prediction input');
    const budget = new ElementBudget(this.#maxElements);
    const feeds: Record<string, Tensor> = {};
    let singleRows = 0;
    let batches = 0;
    for (const prepared of this.#inputs) {
      const { spec } = prepared;
      const { tensor, isSingleRow } = encodeValue(prepared, input[spec.name]!, budget);
      feeds[spec.name] = tensor;
      if (isSingleRow === true) singleRows++;
      else if (isSingleRow === false) batches++;
    }
    const first = this.#inputs[0];
    const rowCount = first === undefined ? 1 : (feeds[first.spec.name]!.dims[0] ?? 1);
    if (singleRows > 0 && batches > 0) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `Some inputs are single rows and others batches. Give every input its batch dimension, or leave it out of all of them for one row.`,
      );
    }
    return { feeds, rowCount, isSingleRow: singleRows > 0 };
  }

  /**
   * Encodes rows (each an input record of one row, without the batch dimension) as one batch.
   * @throws MLOpsError `INVALID_ARGUMENT` naming the row, the input and what the model expects;
   *   `TooManyElementsError` above `maxElements` over all rows.
   */
  encodeRows(rows: readonly PredictionInput[]): EncodedInput {
    if (!Array.isArray(rows) || rows.length === 0) {
      throw new MLOpsError('INVALID_ARGUMENT', `predictBatch needs a non-empty array of input records. Pass e.g. [{ X: [5.1, 3.5, 1.4, 0.2] }, …].`);
    }
    rows.forEach((row, index) => this.#checkNames(row, `Row ${index}`));
    const budget = new ElementBudget(this.#maxElements);
    // Every row of every input is measured before any tensor is allocated.
    const shapes = this.#inputs.map(({ spec, rowShape }) => {
      let shape: number[] = [];
      rows.forEach((row, index) => {
        const actual = measureValue(row[spec.name], `Row ${index}: input '${spec.name}'`, budget);
        if (index === 0) {
          shape = spec.shape.length === 0 ? actual : resolveRowShape(spec, rowShape, actual, 0);
        } else if (actual.length !== shape.length || actual.some((size, axis) => size !== shape[axis])) {
          throw new MLOpsError(
            'INVALID_ARGUMENT',
            `Row ${index}: input '${spec.name}' has shape ${formatShape(actual)}, but the rows before it have ${formatShape(shape)}. Give every row the same shape, ${formatShape(rowShape)}.`,
          );
        }
      });
      return shape;
    });
    const feeds: Record<string, Tensor> = {};
    this.#inputs.forEach(({ spec, kind }, input) => {
      const shape = shapes[input]!;
      const rowSize = shape.reduce((product, size) => product * size, 1);
      const data = kind.allocate(rows.length * rowSize);
      rows.forEach((row, index) => writeValues(data, index * rowSize, row[spec.name], shape, 0, kind, spec.name));
      feeds[spec.name] = new Tensor(kind.name as 'float32', data as Float32Array, [rows.length, ...shape]);
    });
    return { feeds, rowCount: rows.length, isSingleRow: false };
  }

  #checkNames(input: PredictionInput, what: string): void {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || isTypedArray(input)) {
      throw new MLOpsError('INVALID_ARGUMENT', `${what} is not an object keyed by input name. Pass { name: values } for the model's inputs ${this.#expected}.`);
    }
    for (const { spec } of this.#inputs) {
      if (input[spec.name] === undefined) {
        throw new MLOpsError('INVALID_ARGUMENT', `${what} lacks input '${spec.name}'. Pass every input of the model: ${this.#expected}.`);
      }
    }
    for (const name of Object.keys(input)) {
      if (!this.#names.has(name)) {
        throw new MLOpsError('INVALID_ARGUMENT', `${what} has '${name}', which is not an input of the model. Pass only the model's inputs: ${this.#expected}.`);
      }
    }
  }
}

function resolveRowShape(spec: TensorSpec, rowShape: readonly Dimension[], shape: number[], row: number): number[] {
  const fits = shape.length === rowShape.length && shape.every((size, axis) => typeof rowShape[axis] !== 'number' || rowShape[axis] === size);
  if (!fits) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `Row ${row}: input '${spec.name}' has shape ${formatShape(shape)}, but one row of the model's ${formatShape(spec.shape)} is ${formatShape(rowShape)}. Pass each row without the batch dimension.`,
    );
  }
  return shape;
}

function encodeValue(
  { spec, kind, rowShape, fixedRowSize }: PreparedInput,
  value: InputValue,
  budget: ElementBudget,
): { tensor: Tensor; isSingleRow: boolean | undefined } {
  const label = `Input '${spec.name}'`;
  if (value instanceof Tensor) {
    budget.add(value.size, label);
    if (value.type !== kind.name) {
      throw new MLOpsError('INVALID_ARGUMENT', `Input '${spec.name}' is a ${value.type} tensor, but the model expects ${kind.name}. Pass ${kind.expected}.`);
    }
    const { dims, isSingleRow } = resolveShape(spec, value.dims, false);
    return { tensor: isSingleRow ? value.reshape(dims) : value, isSingleRow };
  }
  if (isTypedArray(value)) {
    if (kind.typedArray === undefined || !(value instanceof kind.typedArray)) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `Input '${spec.name}' is a ${value.constructor.name}, but the model expects ${kind.name} values. Pass ${kind.expected}.`,
      );
    }
    budget.add(value.length, label);
    // One row of a fixed width, the commonest call, skips the general shape resolution.
    if (value.length === fixedRowSize && rowShape.length === 1) return { tensor: new Tensor(kind.name as 'float32', value as Float32Array, [1, fixedRowSize]), isSingleRow: true };
    const { dims, isSingleRow } = resolveShape(spec, [value.length], true);
    return { tensor: new Tensor(kind.name as 'float32', value as Float32Array, dims), isSingleRow };
  }
  if (Array.isArray(value) && value.length === fixedRowSize && rowShape.length === 1 && !isArrayLevel(value[0])) {
    budget.add(fixedRowSize, label);
    const row = kind.allocate(fixedRowSize);
    writeValues(row, 0, value, [fixedRowSize], 0, kind, spec.name);
    return { tensor: new Tensor(kind.name as 'float32', row as Float32Array, [1, fixedRowSize]), isSingleRow: true };
  }
  // Measured over the whole value before sizing the tensor: its first elements alone may claim any shape.
  const shape = measureValue(value, label, budget);
  const { dims, isSingleRow } = resolveShape(spec, shape, false);
  const data = kind.allocate(shape.reduce((product, size) => product * size, 1));
  writeValues(data, 0, value, shape, 0, kind, spec.name);
  return { tensor: new Tensor(kind.name as 'float32', data as Float32Array, dims), isSingleRow };
}

/** Writes a nested value into flat tensor data, checking every level's length and every element. */
function writeValues(
  data: TensorTypedArray | string[],
  offset: number,
  value: unknown,
  shape: readonly number[],
  depth: number,
  kind: ElementKind,
  name: string,
): number {
  if (depth === shape.length) {
    const converted = kind.convert(value);
    if (converted === undefined) {
      throw new MLOpsError('INVALID_ARGUMENT', `Input '${name}' holds ${describeElement(value)}, which is not a ${kind.name} value. Pass ${kind.expected}.`);
    }
    (data as unknown as (number | bigint | string)[])[offset] = converted;
    return offset + 1;
  }
  if (!isArrayLevel(value) || value.length !== shape[depth]) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `Input '${name}' is ragged: a list at depth ${depth} has ${isArrayLevel(value) ? value.length : 'no'} entries where ${shape[depth]} were expected. Give every row the same length.`,
    );
  }
  if (depth === shape.length - 1 && isTypedArray(value) && kind.typedArray !== undefined && value instanceof kind.typedArray) {
    (data as TensorTypedArray).set(value as never, offset);
    return offset + value.length;
  }
  let next = offset;
  for (let index = 0; index < value.length; index++) next = writeValues(data, next, value[index], shape, depth + 1, kind, name);
  return next;
}

function describeElement(value: unknown): string {
  return Array.isArray(value) ? 'a nested list deeper than its shape' : describeValue(value);
}
