import { WireType } from '@bufbuild/protobuf/wire';

import { GraphField, ModelField } from '../export/onnx-proto.js';
import { decodeTensorName, forEachField, missingGraph, notAnOnnxModel, SignatureCollector, type OnnxSignature } from './onnx-signature-decoder.js';

export type { OnnxSignature } from './onnx-signature-decoder.js';

/**
 * Reads an ONNX model's graph inputs and outputs (names, element types, shapes) from its
 * bytes, without creating an inference session and without decoding weights. Graph inputs
 * that are initializers (constants an old exporter also listed as inputs) are left out,
 * since a caller never feeds them. For a file or a stream, {@link readOnnxSignatureFromStream}
 * reads the same without holding the model in memory.
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
    let graph: Uint8Array | undefined;
    forEachField(bytes, (reader, field, wireType) => {
      if (field !== ModelField.graph || wireType !== WireType.LengthDelimited) return false;
      graph = reader.bytes();
      return true;
    });
    if (graph === undefined) throw missingGraph();
    const collector = new SignatureCollector();
    forEachField(graph, (reader, field, wireType) => {
      if (wireType !== WireType.LengthDelimited) return false;
      if (field === GraphField.input) collector.addInput(reader.bytes());
      else if (field === GraphField.output) collector.addOutput(reader.bytes());
      else if (field === GraphField.initializer) collector.addInitializer(decodeTensorName(reader.bytes()));
      else return false;
      return true;
    });
    return collector.signature();
  } catch (error) {
    throw notAnOnnxModel(error);
  }
}
