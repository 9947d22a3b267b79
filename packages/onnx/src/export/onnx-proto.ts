/**
 * ONNX protobuf field numbers and enums used by the writer (from onnx.proto, IR version 8).
 * Kept in one place so the encoder reads as names, not magic numbers.
 */

/** TensorProto.DataType values for the element types the converters use. */
export const TensorDataType = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float64: 11,
} as const;

/** An element type the writer can declare, e.g. `'float32'`. */
export type OnnxElementType = keyof typeof TensorDataType;

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  floats: 6,
  ints: 7,
  strings: 8,
} as const;

export const ModelField = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  domain: 4,
  modelVersion: 5,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
} as const;

export const OperatorSetIdField = { domain: 1, version: 2 } as const;

export const StringStringEntryField = { key: 1, value: 2 } as const;

export const GraphField = {
  node: 1,
  name: 2,
  initializer: 5,
  docString: 10,
  input: 11,
  output: 12,
  valueInfo: 13,
} as const;

export const NodeField = {
  input: 1,
  output: 2,
  name: 3,
  opType: 4,
  attribute: 5,
  docString: 6,
  domain: 7,
} as const;

export const AttributeField = {
  name: 1,
  f: 2,
  i: 3,
  s: 4,
  t: 5,
  floats: 7,
  ints: 8,
  strings: 9,
  type: 20,
} as const;

export const TensorField = {
  dims: 1,
  dataType: 2,
  floatData: 4,
  int32Data: 5,
  stringData: 6,
  int64Data: 7,
  name: 8,
  rawData: 9,
  doubleData: 10,
} as const;

export const ValueInfoField = { name: 1, type: 2, docString: 3 } as const;

export const TypeProtoField = { tensorType: 1, sequenceType: 4, mapType: 5, denotation: 6 } as const;

export const TensorTypeField = { elemType: 1, shape: 2 } as const;

export const TensorShapeField = { dim: 1 } as const;

export const DimensionField = { dimValue: 1, dimParam: 2 } as const;
