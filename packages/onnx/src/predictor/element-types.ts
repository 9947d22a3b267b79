import { MLOpsError } from '@mlops-ts/core';

/** A typed array onnxruntime-node accepts as tensor data. */
export type TensorTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** How to hold and convert the values of one ONNX element type. */
export interface ElementKind {
  /** The element type's name, as in the signature and onnxruntime-node ('float32', 'int64', …). */
  readonly name: string;
  /** Allocates the tensor data for `length` values. */
  allocate(length: number): TensorTypedArray | string[];
  /** The typed array class a caller may pass directly, if the type has one. */
  readonly typedArray: (new (length: number) => TensorTypedArray) | undefined;
  /** Converts one plain value, or returns undefined when it does not fit the type. */
  convert(value: unknown): number | bigint | string | undefined;
  /** What a caller should pass, for error messages. */
  readonly expected: string;
}

const isNumber = (value: unknown): value is number => typeof value === 'number';

function numeric(name: string, typedArray: new (length: number) => TensorTypedArray, isInteger: boolean, min = -Infinity, max = Infinity): ElementKind {
  return {
    name,
    typedArray,
    allocate: (length) => new typedArray(length),
    convert: (value) => {
      if (!isNumber(value)) return typeof value === 'boolean' && isInteger ? Number(value) : undefined;
      if (isInteger && (!Number.isInteger(value) || value < min || value > max)) return undefined;
      return value;
    },
    expected: isInteger ? `whole numbers from ${min} to ${max} (or a ${typedArray.name})` : `numbers (or a ${typedArray.name})`,
  };
}

function bigInteger(name: 'int64' | 'uint64', typedArray: new (length: number) => TensorTypedArray): ElementKind {
  const min = name === 'int64' ? -(2n ** 63n) : 0n;
  const max = name === 'int64' ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  return {
    name,
    typedArray,
    allocate: (length) => new typedArray(length),
    convert: (value) => {
      let big: bigint;
      if (typeof value === 'bigint') big = value;
      else if (isNumber(value) && Number.isInteger(value)) big = BigInt(value);
      else return undefined;
      return big >= min && big <= max ? big : undefined;
    },
    expected: `whole numbers or bigints (or a ${typedArray.name})`,
  };
}

const kinds: Readonly<Record<string, ElementKind>> = {
  float32: numeric('float32', Float32Array, false),
  float64: numeric('float64', Float64Array, false),
  int8: numeric('int8', Int8Array, true, -128, 127),
  uint8: numeric('uint8', Uint8Array, true, 0, 255),
  int16: numeric('int16', Int16Array, true, -32768, 32767),
  uint16: numeric('uint16', Uint16Array, true, 0, 65535),
  int32: numeric('int32', Int32Array, true, -(2 ** 31), 2 ** 31 - 1),
  uint32: numeric('uint32', Uint32Array, true, 0, 2 ** 32 - 1),
  int64: bigInteger('int64', BigInt64Array),
  uint64: bigInteger('uint64', BigUint64Array),
  bool: {
    name: 'bool',
    typedArray: Uint8Array,
    allocate: (length) => new Uint8Array(length),
    convert: (value) => (typeof value === 'boolean' ? Number(value) : value === 0 || value === 1 ? value : undefined),
    expected: 'booleans (or 0 and 1)',
  },
  string: {
    name: 'string',
    typedArray: undefined,
    allocate: (length) => new Array<string>(length).fill(''),
    convert: (value) => (typeof value === 'string' ? value : undefined),
    expected: 'strings',
  },
};

/**
 * The element kind of a signature's element type.
 * @throws MLOpsError `UNSUPPORTED` for types the predictor cannot feed (float16, sequences, maps …).
 */
export function elementKind(elementType: string, inputName: string): ElementKind {
  const kind = kinds[elementType];
  if (kind === undefined) {
    throw new MLOpsError(
      'UNSUPPORTED',
      `Input '${inputName}' has element type '${elementType}', which the predictor cannot feed. Use a model whose inputs are tensors of ${Object.keys(kinds).join(', ')}.`,
    );
  }
  return kind;
}

/** True for any typed array (not a DataView). */
export function isTypedArray(value: unknown): value is TensorTypedArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}
