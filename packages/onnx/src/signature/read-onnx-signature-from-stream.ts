import { WireType } from '@bufbuild/protobuf/wire';

import { GraphField, ModelField, TensorField } from '../export/onnx-proto.js';
import { missingGraph, notAnOnnxModel, SignatureCollector, type OnnxSignature } from './onnx-signature-decoder.js';
import { StreamedProtobufReader } from './streamed-protobuf-reader.js';

/**
 * The most a value description (an input or output with its type) or a tensor name may
 * take. Real ones are a few hundred bytes; the cap keeps a malformed file from making the
 * reader gather gigabytes.
 */
const MAX_DESCRIPTION_BYTES = 16 * 1024 * 1024;

/**
 * Reads an ONNX model's inputs and outputs like {@link readOnnxSignature}, from a stream
 * (a `Readable`, a web `ReadableStream`, any async iterable of byte chunks), without
 * holding the model in memory: weights and other large fields are counted off as their
 * chunks pass, so memory stays at about one chunk whatever the size of the model. The
 * stream is read to its end (a cut-off model is refused) and released afterwards, also
 * when reading fails.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when the bytes are not an ONNX model; an error of
 *   the stream itself (a missing file, a network failure) is rethrown unchanged.
 * @example
 * const { inputs, outputs } = await readOnnxSignatureFromStream(createReadStream('model.onnx'));
 */
export async function readOnnxSignatureFromStream(source: AsyncIterable<Uint8Array>): Promise<OnnxSignature> {
  const reader = new StreamedProtobufReader(source);
  try {
    let signature: OnnxSignature | undefined;
    while (await reader.hasMore()) {
      const [field, wireType] = await reader.tag();
      if (field === ModelField.graph && wireType === WireType.LengthDelimited) signature = await readGraph(reader, await reader.length());
      else await reader.skip(wireType);
    }
    if (signature === undefined) throw missingGraph();
    return signature;
  } catch (error) {
    if (reader.sourceFailed) throw error;
    throw notAnOnnxModel(error);
  } finally {
    await reader.close();
  }
}

/** Reads a GraphProto of `length` bytes: inputs and outputs into memory, initializers by name only. */
async function readGraph(reader: StreamedProtobufReader, length: number): Promise<OnnxSignature> {
  const end = reader.position + length;
  const collector = new SignatureCollector();
  while (reader.position < end) {
    const [field, wireType] = await reader.tag();
    if (wireType !== WireType.LengthDelimited) await reader.skip(wireType);
    else if (field === GraphField.input) collector.addInput(await reader.bytes(MAX_DESCRIPTION_BYTES, 'a graph input'));
    else if (field === GraphField.output) collector.addOutput(await reader.bytes(MAX_DESCRIPTION_BYTES, 'a graph output'));
    else if (field === GraphField.initializer) collector.addInitializer(await readTensorName(reader, await reader.length()));
    else await reader.skip(wireType);
  }
  expectEnd(reader, end, 'the graph');
  return collector.signature();
}

/** Reads a TensorProto's name and skips its data, whatever order the fields come in. */
async function readTensorName(reader: StreamedProtobufReader, length: number): Promise<string> {
  const end = reader.position + length;
  let name = '';
  while (reader.position < end) {
    const [field, wireType] = await reader.tag();
    if (field === TensorField.name && wireType === WireType.LengthDelimited) {
      name = new TextDecoder().decode(await reader.bytes(MAX_DESCRIPTION_BYTES, 'a tensor name'));
    } else {
      await reader.skip(wireType);
    }
  }
  expectEnd(reader, end, 'an initializer');
  return name;
}

function expectEnd(reader: StreamedProtobufReader, end: number, what: string): void {
  if (reader.position !== end) throw new Error(`a field of ${what} runs ${reader.position - end} bytes past its end`);
}
