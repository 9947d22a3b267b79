/**
 * Decodes the small parts of an ONNX model a signature needs (ValueInfoProto, a tensor's
 * name) with @bufbuild/protobuf's wire reader, and describes types the way
 * onnxruntime-node names them. Shared by the in-memory and the streaming signature readers.
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { MLOpsError, type TensorSpec } from '@mlops-ts/core';

import { DimensionField, TensorField, TensorShapeField, TensorTypeField, TypeProtoField, ValueInfoField } from '../export/onnx-proto.js';

/** The inputs a caller must feed and the outputs a model returns. */
export interface OnnxSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

type Dimension = number | string | null;
interface ValueType {
  elementType: string;
  shape: Dimension[];
}

/**
 * TensorProto.DataType ids to names. Names follow onnxruntime-node's `Tensor.Type` where it
 * has one ('float32', 'int64', 'string', …), so a signature can be checked against a tensor
 * directly; the other types keep their ONNX name in lower case.
 */
const elementTypeNames: Readonly<Record<number, string>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1',
  24: 'float8e8m0',
  25: 'uint2',
  26: 'int2',
};

/** TypeProto fields beyond the tensor one, read only to describe non-tensor values. */
const SEQUENCE_ELEMENT_FIELD = 1;
const MAP_KEY_FIELD = 1;
const MAP_VALUE_FIELD = 2;
const OPTIONAL_TYPE_FIELD = 9;
const SPARSE_TENSOR_TYPE_FIELD = 8;

/**
 * Calls `visit` for each field of a message; a field `visit` does not read (it returns
 * false) is skipped without decoding.
 */
export function forEachField(bytes: Uint8Array, visit: (reader: BinaryReader, field: number, wireType: WireType) => boolean): void {
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (!visit(reader, field, wireType)) reader.skip(wireType, field);
  }
}

/** Collects a graph's inputs, outputs and initializer names as they are read, in any order. */
export class SignatureCollector {
  private readonly inputs: TensorSpec[] = [];
  private readonly outputs: TensorSpec[] = [];
  private readonly initializerNames = new Set<string>();

  addInput(valueInfo: Uint8Array): void {
    this.inputs.push(decodeValueInfo(valueInfo));
  }

  addOutput(valueInfo: Uint8Array): void {
    this.outputs.push(decodeValueInfo(valueInfo));
  }

  addInitializer(name: string): void {
    this.initializerNames.add(name);
  }

  /** Graph inputs that are initializers (constants an old exporter also listed as inputs) are left out: a caller never feeds them. */
  signature(): OnnxSignature {
    return { inputs: this.inputs.filter((input) => !this.initializerNames.has(input.name)), outputs: this.outputs };
  }
}

/** The name of a TensorProto (field 8), skipping its data. */
export function decodeTensorName(tensor: Uint8Array): string {
  let name = '';
  forEachField(tensor, (reader, field, wireType) => {
    if (field !== TensorField.name || wireType !== WireType.LengthDelimited) return false;
    name = reader.string();
    return true;
  });
  return name;
}

/** The error for bytes that do not decode as an ONNX model; an MLOpsError passes through. */
export function notAnOnnxModel(cause: unknown): MLOpsError {
  if (MLOpsError.isInstance(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new MLOpsError(
    'INVALID_ARGUMENT',
    `The bytes are not a readable ONNX model (${reason}). Pass the content of an .onnx file (a serialized ModelProto).`,
    { cause },
  );
}

/** The error for a protobuf message without a graph. */
export function missingGraph(): MLOpsError {
  return new MLOpsError(
    'INVALID_ARGUMENT',
    'The bytes hold no ONNX graph (ModelProto field 7 is missing). Pass the content of an .onnx model file, not another protobuf message.',
  );
}

function decodeValueInfo(bytes: Uint8Array): TensorSpec {
  let name = '';
  let type: ValueType = { elementType: 'unknown', shape: [] };
  forEachField(bytes, (reader, field, wireType) => {
    if (wireType !== WireType.LengthDelimited) return false;
    if (field === ValueInfoField.name) name = reader.string();
    else if (field === ValueInfoField.type) type = decodeType(reader.bytes());
    else return false;
    return true;
  });
  return { name, elementType: type.elementType, shape: type.shape };
}

function decodeType(bytes: Uint8Array): ValueType {
  let type: ValueType = { elementType: 'unknown', shape: [] };
  forEachField(bytes, (reader, field, wireType) => {
    if (wireType !== WireType.LengthDelimited) return false;
    if (field === TypeProtoField.tensorType) {
      type = decodeTensorType(reader.bytes());
    } else if (field === SPARSE_TENSOR_TYPE_FIELD) {
      const tensor = decodeTensorType(reader.bytes());
      type = { elementType: `sparse_tensor<${tensor.elementType}>`, shape: tensor.shape };
    } else if (field === TypeProtoField.sequenceType) {
      type = { elementType: `sequence<${describeNested(reader.bytes(), SEQUENCE_ELEMENT_FIELD)}>`, shape: [] };
    } else if (field === OPTIONAL_TYPE_FIELD) {
      type = { elementType: `optional<${describeNested(reader.bytes(), SEQUENCE_ELEMENT_FIELD)}>`, shape: [] };
    } else if (field === TypeProtoField.mapType) {
      type = { elementType: describeMap(reader.bytes()), shape: [] };
    } else {
      return false;
    }
    return true;
  });
  return type;
}

/** Describes the TypeProto held in `elementField` of a Sequence/Optional message. */
function describeNested(bytes: Uint8Array, elementField: number): string {
  let description = 'unknown';
  forEachField(bytes, (reader, field, wireType) => {
    if (field !== elementField || wireType !== WireType.LengthDelimited) return false;
    description = decodeType(reader.bytes()).elementType;
    return true;
  });
  return description;
}

function describeMap(bytes: Uint8Array): string {
  let key = 'unknown';
  let value = 'unknown';
  forEachField(bytes, (reader, field, wireType) => {
    if (field === MAP_KEY_FIELD && wireType === WireType.Varint) key = elementTypeName(reader.int32());
    else if (field === MAP_VALUE_FIELD && wireType === WireType.LengthDelimited) value = decodeType(reader.bytes()).elementType;
    else return false;
    return true;
  });
  return `map<${key},${value}>`;
}

function decodeTensorType(bytes: Uint8Array): ValueType {
  let elementType = 'unknown';
  let shape: Dimension[] = [];
  forEachField(bytes, (reader, field, wireType) => {
    if (field === TensorTypeField.elemType && wireType === WireType.Varint) elementType = elementTypeName(reader.int32());
    else if (field === TensorTypeField.shape && wireType === WireType.LengthDelimited) shape = decodeShape(reader.bytes());
    else return false;
    return true;
  });
  return { elementType, shape };
}

function decodeShape(bytes: Uint8Array): Dimension[] {
  const dims: Dimension[] = [];
  forEachField(bytes, (reader, field, wireType) => {
    if (field !== TensorShapeField.dim || wireType !== WireType.LengthDelimited) return false;
    dims.push(decodeDimension(reader.bytes()));
    return true;
  });
  return dims;
}

function decodeDimension(bytes: Uint8Array): Dimension {
  let value: Dimension = null;
  forEachField(bytes, (reader, field, wireType) => {
    if (field === DimensionField.dimValue && wireType === WireType.Varint) value = Number(reader.int64());
    else if (field === DimensionField.dimParam && wireType === WireType.LengthDelimited) value = reader.string();
    else return false;
    return true;
  });
  // An empty dim_param means "unknown" as much as an absent one does.
  return value === '' ? null : value;
}

function elementTypeName(id: number): string {
  return elementTypeNames[id] ?? `unknown(${id})`;
}
