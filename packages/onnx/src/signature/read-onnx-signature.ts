import { MLOpsError, type TensorSpec } from '@mlops-ts/core';

import {
  DimensionField,
  GraphField,
  ModelField,
  TensorField,
  TensorShapeField,
  TensorTypeField,
  TypeProtoField,
  ValueInfoField,
} from '../export/onnx-proto.js';
import { ProtobufDecodeError, ProtobufReader } from './protobuf-reader.js';

/** The inputs a caller must feed and the outputs a model returns. */
export interface OnnxSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
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
 * Reads an ONNX model's graph inputs and outputs (names, element types, shapes) from its
 * bytes, without creating an inference session. Graph inputs that are initializers
 * (constants an old exporter also listed as inputs) are left out, since a caller never feeds them.
 *
 * Dimensions are numbers when fixed, the parameter name (e.g. `'N'`) when symbolic, and
 * `null` when unknown. Non-tensor values are described in `elementType`, e.g.
 * `'sequence<map<int64,float32>>'`, with an empty shape; an empty shape also means a tensor
 * of unknown rank.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when the bytes are not an ONNX model.
 * @example
 * const { inputs } = readOnnxSignature(await readFile('model.onnx'));
 * // [{ name: 'X', elementType: 'float32', shape: ['N', 4] }]
 */
export function readOnnxSignature(bytes: Uint8Array): OnnxSignature {
  try {
    const graph = findGraph(new ProtobufReader(bytes));
    return readGraphSignature(graph);
  } catch (error) {
    if (error instanceof ProtobufDecodeError) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `The bytes are not a readable ONNX model (${error.message}). Pass the content of an .onnx file (a serialized ModelProto).`,
        { cause: error },
      );
    }
    throw error;
  }
}

function findGraph(model: ProtobufReader): ProtobufReader {
  let graph: ProtobufReader | undefined;
  while (model.hasMore()) {
    const { field, wireType } = model.readField();
    if (field === ModelField.graph && wireType === 2) graph = model.readMessage();
    else model.skip(wireType);
  }
  if (graph === undefined) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      'The bytes hold no ONNX graph (ModelProto field 7 is missing). Pass the content of an .onnx model file, not another protobuf message.',
    );
  }
  return graph;
}

function readGraphSignature(graph: ProtobufReader): OnnxSignature {
  const inputs: TensorSpec[] = [];
  const outputs: TensorSpec[] = [];
  const initializerNames = new Set<string>();
  while (graph.hasMore()) {
    const { field, wireType } = graph.readField();
    if (wireType !== 2) {
      graph.skip(wireType);
    } else if (field === GraphField.input) {
      inputs.push(readValueInfo(graph.readMessage()));
    } else if (field === GraphField.output) {
      outputs.push(readValueInfo(graph.readMessage()));
    } else if (field === GraphField.initializer) {
      initializerNames.add(readTensorName(graph.readMessage()));
    } else {
      graph.skip(wireType);
    }
  }
  return { inputs: inputs.filter((input) => !initializerNames.has(input.name)), outputs };
}

function readTensorName(tensor: ProtobufReader): string {
  let name = '';
  while (tensor.hasMore()) {
    const { field, wireType } = tensor.readField();
    if (field === TensorField.name && wireType === 2) name = tensor.readString();
    else tensor.skip(wireType);
  }
  return name;
}

function readValueInfo(info: ProtobufReader): TensorSpec {
  let name = '';
  let type: { elementType: string; shape: (number | string | null)[] } = { elementType: 'unknown', shape: [] };
  while (info.hasMore()) {
    const { field, wireType } = info.readField();
    if (field === ValueInfoField.name && wireType === 2) name = info.readString();
    else if (field === ValueInfoField.type && wireType === 2) type = readType(info.readMessage());
    else info.skip(wireType);
  }
  return { name, elementType: type.elementType, shape: type.shape };
}

function readType(type: ProtobufReader): { elementType: string; shape: (number | string | null)[] } {
  while (type.hasMore()) {
    const { field, wireType } = type.readField();
    if (wireType !== 2) {
      type.skip(wireType);
    } else if (field === TypeProtoField.tensorType) {
      return readTensorType(type.readMessage());
    } else if (field === SPARSE_TENSOR_TYPE_FIELD) {
      const tensor = readTensorType(type.readMessage());
      return { elementType: `sparse_tensor<${tensor.elementType}>`, shape: tensor.shape };
    } else if (field === TypeProtoField.sequenceType) {
      return { elementType: `sequence<${describeNested(type.readMessage(), SEQUENCE_ELEMENT_FIELD)}>`, shape: [] };
    } else if (field === OPTIONAL_TYPE_FIELD) {
      return { elementType: `optional<${describeNested(type.readMessage(), SEQUENCE_ELEMENT_FIELD)}>`, shape: [] };
    } else if (field === TypeProtoField.mapType) {
      return { elementType: describeMap(type.readMessage()), shape: [] };
    } else {
      type.skip(wireType);
    }
  }
  return { elementType: 'unknown', shape: [] };
}

/** Describes the TypeProto held in `field` of a Sequence/Optional message. */
function describeNested(message: ProtobufReader, field: number): string {
  let description = 'unknown';
  while (message.hasMore()) {
    const header = message.readField();
    if (header.field === field && header.wireType === 2) description = readType(message.readMessage()).elementType;
    else message.skip(header.wireType);
  }
  return description;
}

function describeMap(map: ProtobufReader): string {
  let key = 'unknown';
  let value = 'unknown';
  while (map.hasMore()) {
    const { field, wireType } = map.readField();
    if (field === MAP_KEY_FIELD && wireType === 0) key = elementTypeName(map.readInt64());
    else if (field === MAP_VALUE_FIELD && wireType === 2) value = readType(map.readMessage()).elementType;
    else map.skip(wireType);
  }
  return `map<${key},${value}>`;
}

function readTensorType(tensorType: ProtobufReader): { elementType: string; shape: (number | string | null)[] } {
  let elementType = 'unknown';
  let shape: (number | string | null)[] = [];
  while (tensorType.hasMore()) {
    const { field, wireType } = tensorType.readField();
    if (field === TensorTypeField.elemType && wireType === 0) elementType = elementTypeName(tensorType.readInt64());
    else if (field === TensorTypeField.shape && wireType === 2) shape = readShape(tensorType.readMessage());
    else tensorType.skip(wireType);
  }
  return { elementType, shape };
}

function readShape(shape: ProtobufReader): (number | string | null)[] {
  const dims: (number | string | null)[] = [];
  while (shape.hasMore()) {
    const { field, wireType } = shape.readField();
    if (field === TensorShapeField.dim && wireType === 2) dims.push(readDimension(shape.readMessage()));
    else shape.skip(wireType);
  }
  return dims;
}

function readDimension(dimension: ProtobufReader): number | string | null {
  let value: number | string | null = null;
  while (dimension.hasMore()) {
    const { field, wireType } = dimension.readField();
    if (field === DimensionField.dimValue && wireType === 0) value = dimension.readInt64();
    else if (field === DimensionField.dimParam && wireType === 2) value = dimension.readString();
    else dimension.skip(wireType);
  }
  // An empty dim_param means "unknown" as much as an absent one does.
  return value === '' ? null : value;
}

function elementTypeName(id: number): string {
  return elementTypeNames[id] ?? `unknown(${id})`;
}
