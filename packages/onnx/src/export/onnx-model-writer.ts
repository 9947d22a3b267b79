import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { MLOpsError } from '@mlops-ts/core';

import {
  AttributeField,
  AttributeType,
  DimensionField,
  GraphField,
  ModelField,
  NodeField,
  OperatorSetIdField,
  StringStringEntryField,
  TensorDataType,
  TensorField,
  TensorShapeField,
  TensorTypeField,
  TypeProtoField,
  ValueInfoField,
  type OnnxElementType,
} from './onnx-proto.js';

/** A constant tensor: a graph initializer or a tensor-valued attribute. */
export interface OnnxTensor {
  name: string;
  elementType: OnnxElementType;
  dims: readonly number[];
  /** Row-major values; strings for 'string', numbers (or bigints for int64) otherwise. */
  values: ArrayLike<number> | readonly bigint[] | readonly string[];
}

/** A node attribute with its ONNX type spelled out (a number alone cannot say int or float). */
export type OnnxAttribute =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: OnnxTensor }
  | { kind: 'floats'; value: ArrayLike<number> }
  | { kind: 'ints'; value: ArrayLike<number> }
  | { kind: 'strings'; value: readonly string[] };

/** One operator call in the graph. */
export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  /** '' (the default ONNX domain) or e.g. 'ai.onnx.ml'. */
  domain?: string;
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

/** A graph input or output: name, element type and shape (string or null = symbolic/unknown). */
export interface OnnxValueInfo {
  name: string;
  elementType: OnnxElementType;
  shape: readonly (number | string | null)[];
  docString?: string;
}

/** The computation graph. */
export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  docString?: string;
}

/** A whole ONNX model. */
export interface OnnxModel {
  irVersion: number;
  opsetImports: readonly { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  graph: OnnxGraph;
  docString?: string;
  /** Free-form key/value metadata (ModelProto.metadata_props). */
  metadata?: Readonly<Record<string, string>>;
}

/**
 * Serialises a model description to ONNX ModelProto bytes (fields in onnx.proto order, so
 * the same description always gives the same bytes).
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when a float32 attribute or tensor value is finite
 *   but outside the float32 range (±3.4028235e38): it would silently become ±Infinity.
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const writer = new BinaryWriter();
  writer.tag(ModelField.irVersion, WireType.Varint).int64(model.irVersion);
  writeString(writer, ModelField.producerName, model.producerName);
  writeString(writer, ModelField.producerVersion, model.producerVersion);
  if (model.docString !== undefined) writeString(writer, ModelField.docString, model.docString);
  writeMessage(writer, ModelField.graph, () => writeGraph(writer, model.graph));
  for (const opset of model.opsetImports) {
    writeMessage(writer, ModelField.opsetImport, () => {
      writeString(writer, OperatorSetIdField.domain, opset.domain);
      writer.tag(OperatorSetIdField.version, WireType.Varint).int64(opset.version);
    });
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    writeMessage(writer, ModelField.metadataProps, () => {
      writeString(writer, StringStringEntryField.key, key);
      writeString(writer, StringStringEntryField.value, value);
    });
  }
  return writer.finish();
}

/** Writes an embedded message: `encode` writes its fields into the same writer, between fork and join. */
function writeMessage(writer: BinaryWriter, field: number, encode: () => void): void {
  writer.tag(field, WireType.LengthDelimited).fork();
  encode();
  writer.join();
}

function writeString(writer: BinaryWriter, field: number, value: string): void {
  writer.tag(field, WireType.LengthDelimited).string(value);
}

function writeGraph(writer: BinaryWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) writeMessage(writer, GraphField.node, () => writeNode(writer, node));
  writeString(writer, GraphField.name, graph.name);
  for (const tensor of graph.initializers) writeMessage(writer, GraphField.initializer, () => writeTensor(writer, tensor));
  if (graph.docString !== undefined) writeString(writer, GraphField.docString, graph.docString);
  for (const input of graph.inputs) writeMessage(writer, GraphField.input, () => writeValueInfo(writer, input));
  for (const output of graph.outputs) writeMessage(writer, GraphField.output, () => writeValueInfo(writer, output));
}

function writeNode(writer: BinaryWriter, node: OnnxNode): void {
  for (const input of node.inputs) writeString(writer, NodeField.input, input);
  for (const output of node.outputs) writeString(writer, NodeField.output, output);
  if (node.name !== undefined) writeString(writer, NodeField.name, node.name);
  writeString(writer, NodeField.opType, node.opType);
  for (const [name, attribute] of Object.entries(node.attributes ?? {})) {
    writeMessage(writer, NodeField.attribute, () => writeAttribute(writer, name, attribute, `attribute '${name}' of node '${node.name ?? node.opType}'`));
  }
  if (node.domain) writeString(writer, NodeField.domain, node.domain);
}

function writeAttribute(writer: BinaryWriter, name: string, attribute: OnnxAttribute, where: string): void {
  writeString(writer, AttributeField.name, name);
  switch (attribute.kind) {
    case 'float':
      writer.tag(AttributeField.f, WireType.Bit32).float(checkFloat32(attribute.value, where));
      break;
    case 'int':
      writeInt64(writer.tag(AttributeField.i, WireType.Varint), attribute.value);
      break;
    case 'string':
      writeString(writer, AttributeField.s, attribute.value);
      break;
    case 'tensor':
      writeMessage(writer, AttributeField.t, () => writeTensor(writer, attribute.value));
      break;
    case 'floats':
      writeMessage(writer, AttributeField.floats, () => {
        for (let index = 0; index < attribute.value.length; index++) writer.float(checkFloat32(attribute.value[index]!, where));
      });
      break;
    case 'ints':
      writePackedInt64s(writer, AttributeField.ints, attribute.value);
      break;
    case 'strings':
      for (const value of attribute.value) writeString(writer, AttributeField.strings, value);
      break;
  }
  writer.tag(AttributeField.type, WireType.Varint).int64(AttributeType[attribute.kind]);
}

function writePackedInt64s(writer: BinaryWriter, field: number, values: ArrayLike<number>): void {
  writeMessage(writer, field, () => {
    for (let index = 0; index < values.length; index++) writeInt64(writer, values[index]!);
  });
}

/**
 * An int64 varint. Ids and counts, nearly all of them small and non-negative, go through
 * `uint32()`, whose varint bytes are the same for 0 ≤ value < 2^32, without the 64-bit
 * split through a BigInt that `int64()` does for every value: a forest has thousands of them.
 */
function writeInt64(writer: BinaryWriter, value: number): void {
  if (value >= 0 && value <= 0xffffffff && Number.isInteger(value)) writer.uint32(value);
  else writer.int64(value);
}

/**
 * Returns `value` when float32 holds it (rounded), and refuses a finite value past the
 * float32 range instead of letting it turn into ±Infinity: a model that silently predicts
 * Infinity is worse than an export that says which value does not fit. NaN and ±Infinity
 * are float32 values and pass. (Tree thresholds never reach this: they are rounded up to
 * float32 first, where +Infinity keeps every comparison exact.)
 */
function checkFloat32(value: number, where: string): number {
  if (Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The model's ${where} holds ${value}, which is outside the float32 range (±3.4028235e+38) ONNX stores it in. Scale the data the model was trained on (for a regression, the target) so its values fit float32.`,
    );
  }
  return value;
}

function writeTensor(writer: BinaryWriter, tensor: OnnxTensor): void {
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.values.length !== count) {
    throw new RangeError(`Tensor '${tensor.name}' has ${tensor.values.length} values for dims [${tensor.dims.join(', ')}] (${count} expected).`);
  }
  writePackedInt64s(writer, TensorField.dims, tensor.dims);
  writer.tag(TensorField.dataType, WireType.Varint).int64(TensorDataType[tensor.elementType]);
  writeString(writer, TensorField.name, tensor.name);
  if (tensor.elementType === 'string') {
    for (const value of tensor.values as readonly string[]) writeString(writer, TensorField.stringData, value);
  } else {
    writer.tag(TensorField.rawData, WireType.LengthDelimited).bytes(toRawLittleEndian(tensor));
  }
}

const byteWidth: Record<Exclude<OnnxElementType, 'string'>, number> = {
  float32: 4,
  float64: 8,
  int64: 8,
  int32: 4,
  int8: 1,
  uint8: 1,
  bool: 1,
};

/**
 * raw_data is a tensor's values laid out little-endian whatever the host (ONNX's layout,
 * not a protobuf encoding), so it is written through a DataView.
 */
function toRawLittleEndian(tensor: OnnxTensor): Uint8Array {
  const type = tensor.elementType as Exclude<OnnxElementType, 'string'>;
  const values = tensor.values as ArrayLike<number | bigint>;
  const width = byteWidth[type];
  const data = new Uint8Array(values.length * width);
  const view = new DataView(data.buffer);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    const offset = index * width;
    switch (type) {
      case 'float32':
        view.setFloat32(offset, checkFloat32(Number(value), `tensor '${tensor.name}'`), true);
        break;
      case 'float64':
        view.setFloat64(offset, Number(value), true);
        break;
      case 'int64':
        view.setBigInt64(offset, BigInt(value), true);
        break;
      case 'int32':
        view.setInt32(offset, Number(value), true);
        break;
      case 'int8':
        view.setInt8(offset, Number(value));
        break;
      case 'uint8':
      case 'bool':
        view.setUint8(offset, Number(value));
        break;
    }
  }
  return data;
}

function writeValueInfo(writer: BinaryWriter, info: OnnxValueInfo): void {
  writeString(writer, ValueInfoField.name, info.name);
  writeMessage(writer, ValueInfoField.type, () => {
    writeMessage(writer, TypeProtoField.tensorType, () => {
      writer.tag(TensorTypeField.elemType, WireType.Varint).int64(TensorDataType[info.elementType]);
      writeMessage(writer, TensorTypeField.shape, () => {
        for (const dim of info.shape) {
          writeMessage(writer, TensorShapeField.dim, () => {
            if (typeof dim === 'number') writeInt64(writer.tag(DimensionField.dimValue, WireType.Varint), dim);
            else if (typeof dim === 'string') writeString(writer, DimensionField.dimParam, dim);
            // null: an unknown dimension is an empty Dimension message.
          });
        }
      });
    });
  });
  if (info.docString !== undefined) writeString(writer, ValueInfoField.docString, info.docString);
}
