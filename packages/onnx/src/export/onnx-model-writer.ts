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
import { ProtobufWriter } from './protobuf-writer.js';

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

/** Serialises a model description to ONNX ModelProto bytes. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const writer = new ProtobufWriter();
  writer.int64(ModelField.irVersion, model.irVersion);
  writer.string(ModelField.producerName, model.producerName);
  writer.string(ModelField.producerVersion, model.producerVersion);
  if (model.docString !== undefined) writer.string(ModelField.docString, model.docString);
  writer.message(ModelField.graph, (graph) => writeGraph(graph, model.graph));
  for (const opset of model.opsetImports) {
    writer.message(ModelField.opsetImport, (entry) => {
      entry.string(OperatorSetIdField.domain, opset.domain);
      entry.int64(OperatorSetIdField.version, opset.version);
    });
  }
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    writer.message(ModelField.metadataProps, (entry) => {
      entry.string(StringStringEntryField.key, key);
      entry.string(StringStringEntryField.value, value);
    });
  }
  return writer.finish();
}

function writeGraph(writer: ProtobufWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) writer.message(GraphField.node, (nested) => writeNode(nested, node));
  writer.string(GraphField.name, graph.name);
  for (const tensor of graph.initializers) writer.message(GraphField.initializer, (nested) => writeTensor(nested, tensor));
  if (graph.docString !== undefined) writer.string(GraphField.docString, graph.docString);
  for (const input of graph.inputs) writer.message(GraphField.input, (nested) => writeValueInfo(nested, input));
  for (const output of graph.outputs) writer.message(GraphField.output, (nested) => writeValueInfo(nested, output));
}

function writeNode(writer: ProtobufWriter, node: OnnxNode): void {
  for (const input of node.inputs) writer.string(NodeField.input, input);
  for (const output of node.outputs) writer.string(NodeField.output, output);
  if (node.name !== undefined) writer.string(NodeField.name, node.name);
  writer.string(NodeField.opType, node.opType);
  for (const [name, attribute] of Object.entries(node.attributes ?? {})) {
    writer.message(NodeField.attribute, (nested) => writeAttribute(nested, name, attribute));
  }
  if (node.domain) writer.string(NodeField.domain, node.domain);
}

function writeAttribute(writer: ProtobufWriter, name: string, attribute: OnnxAttribute): void {
  writer.string(AttributeField.name, name);
  switch (attribute.kind) {
    case 'float':
      writer.float(AttributeField.f, attribute.value);
      break;
    case 'int':
      writer.int64(AttributeField.i, attribute.value);
      break;
    case 'string':
      writer.string(AttributeField.s, attribute.value);
      break;
    case 'tensor':
      writer.message(AttributeField.t, (nested) => writeTensor(nested, attribute.value));
      break;
    case 'floats':
      writer.packedFloats(AttributeField.floats, attribute.value);
      break;
    case 'ints':
      writer.packedInt64s(AttributeField.ints, attribute.value);
      break;
    case 'strings':
      for (const value of attribute.value) writer.string(AttributeField.strings, value);
      break;
  }
  writer.int64(AttributeField.type, AttributeType[attribute.kind]);
}

function writeTensor(writer: ProtobufWriter, tensor: OnnxTensor): void {
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.values.length !== count) {
    throw new RangeError(`Tensor '${tensor.name}' has ${tensor.values.length} values for dims [${tensor.dims.join(', ')}] (${count} expected).`);
  }
  writer.packedInt64s(TensorField.dims, tensor.dims);
  writer.int64(TensorField.dataType, TensorDataType[tensor.elementType]);
  writer.string(TensorField.name, tensor.name);
  if (tensor.elementType === 'string') {
    for (const value of tensor.values as readonly string[]) writer.string(TensorField.stringData, value);
  } else {
    writer.bytes(TensorField.rawData, toRawLittleEndian(tensor));
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

/** raw_data is little-endian whatever the host, so write through a DataView. */
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
        view.setFloat32(offset, Number(value), true);
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

function writeValueInfo(writer: ProtobufWriter, info: OnnxValueInfo): void {
  writer.string(ValueInfoField.name, info.name);
  writer.message(ValueInfoField.type, (type) => {
    type.message(TypeProtoField.tensorType, (tensorType) => {
      tensorType.int64(TensorTypeField.elemType, TensorDataType[info.elementType]);
      tensorType.message(TensorTypeField.shape, (shape) => {
        for (const dim of info.shape) {
          shape.message(TensorShapeField.dim, (dimension) => {
            if (typeof dim === 'number') dimension.int64(DimensionField.dimValue, dim);
            else if (typeof dim === 'string') dimension.string(DimensionField.dimParam, dim);
            // null: an unknown dimension is an empty Dimension message.
          });
        }
      });
    });
  });
  if (info.docString !== undefined) writer.string(ValueInfoField.docString, info.docString);
}
