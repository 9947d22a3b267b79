import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { MLOpsError } from '@mlops-ts/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decisionTreeToOnnx } from '../export/decision-tree-to-onnx.js';
import { kmeansToOnnx } from '../export/kmeans-to-onnx.js';
import { logisticRegressionToOnnx } from '../export/logistic-regression-to-onnx.js';
import { encodeOnnxModel } from '../export/onnx-model-writer.js';
import { readOnnxSignatureFromStream } from './read-onnx-signature-from-stream.js';
import { readOnnxSignature } from './read-onnx-signature.js';

// gc() without --expose-gc, for live-memory samples.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;

const models = [
  logisticRegressionToOnnx({ classifiers: [{ weights: [[1, 2]] }, { weights: [[-1, 0]] }] }, { labels: ['no', 'yes'] }),
  kmeansToOnnx({ centroids: [[0, 0, 0], [1, 1, 1]] }),
  decisionTreeToOnnx({ name: 'DTRegression', root: { splitColumn: 2, splitValue: 1, left: { distribution: 0 }, right: { distribution: 1 } } }),
  // An initializer also listed as an input, as old exporters wrote them.
  encodeOnnxModel({
    irVersion: 8,
    opsetImports: [{ domain: '', version: 17 }],
    producerName: 'test',
    producerVersion: '1',
    graph: {
      name: 'with_bias',
      nodes: [{ opType: 'Add', inputs: ['features', 'bias'], outputs: ['sum'] }],
      initializers: [{ name: 'bias', elementType: 'float32', dims: [1, 4], values: [1, 2, 3, 4] }],
      inputs: [
        { name: 'features', elementType: 'float32', shape: ['N', 4] },
        { name: 'bias', elementType: 'float32', shape: [1, 4] },
      ],
      outputs: [{ name: 'sum', elementType: 'float32', shape: ['N', 4] }],
    },
  }),
];

/** Cuts bytes into chunks at the given offsets. */
function chunksAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, bytes.length]) {
    chunks.push(bytes.subarray(start, offset));
    start = offset;
  }
  return chunks;
}

/** Writes one length-delimited field whose payload `encode` writes. */
function message(writer: BinaryWriter, field: number, encode: () => void): void {
  writer.tag(field, WireType.LengthDelimited).fork();
  encode();
  writer.join();
}

function float32ValueInfo(writer: BinaryWriter, field: number, name: string, shape: (number | string)[]): void {
  message(writer, field, () => {
    writer.tag(1, WireType.LengthDelimited).string(name);
    message(writer, 2, () =>
      message(writer, 1, () => {
        writer.tag(1, WireType.Varint).int32(1);
        message(writer, 2, () => {
          for (const dim of shape) {
            message(writer, 1, () => (typeof dim === 'number' ? writer.tag(1, WireType.Varint).int64(dim) : writer.tag(2, WireType.LengthDelimited).string(dim)));
          }
        });
      }),
    );
  });
}

/**
 * A model whose one initializer holds `dataBytes` of weights, yielded in fresh 1 MiB chunks
 * that are made as the reader asks for them: the whole model never exists in memory, unless
 * the reader gathers it. The tensor's name comes after its data, as field order allows.
 */
async function* hugeModel(dataBytes: number, onChunk: () => void): AsyncGenerator<Uint8Array> {
  const tensorHead = new BinaryWriter();
  message(tensorHead, 1, () => tensorHead.int64(dataBytes / 4));
  tensorHead.tag(2, WireType.Varint).int32(1).tag(9, WireType.LengthDelimited).uint32(dataBytes);
  const head = tensorHead.finish();
  const tail = new BinaryWriter().tag(8, WireType.LengthDelimited).string('weights').finish();
  const valueInfos = new BinaryWriter();
  float32ValueInfo(valueInfos, 11, 'X', ['N', 4]);
  float32ValueInfo(valueInfos, 11, 'weights', [dataBytes / 4]);
  float32ValueInfo(valueInfos, 12, 'Y', ['N', 1]);
  const infos = valueInfos.finish();
  const tensorLength = head.length + dataBytes + tail.length;
  const initializerHeader = new BinaryWriter().tag(5, WireType.LengthDelimited).uint32(tensorLength).finish();
  const graphLength = initializerHeader.length + tensorLength + infos.length;
  yield new BinaryWriter().tag(1, WireType.Varint).int64(8).tag(7, WireType.LengthDelimited).uint32(graphLength).raw(initializerHeader).raw(head).finish();
  for (let sent = 0; sent < dataBytes; sent += MiB) {
    onChunk();
    yield new Uint8Array(Math.min(MiB, dataBytes - sent));
  }
  yield tail;
  yield infos;
  const opset = new BinaryWriter();
  message(opset, 8, () => opset.tag(1, WireType.LengthDelimited).string('').tag(2, WireType.Varint).int64(17));
  yield opset.finish();
}

describe('readOnnxSignatureFromStream', () => {
  it('reads what readOnnxSignature reads, however the stream cuts the bytes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...models), fc.array(fc.nat(), { maxLength: 40 }), async (bytes, cuts) => {
        const streamed = await readOnnxSignatureFromStream(Readable.from(chunksAt(bytes, cuts)));
        expect(streamed).toEqual(readOnnxSignature(bytes));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a byte at a time, and leaves out initializers listed as inputs', async () => {
    const bytes = models[3]!;
    const signature = await readOnnxSignatureFromStream(Readable.from(Array.from(bytes, (byte) => Uint8Array.of(byte))));
    expect(signature.inputs).toEqual([{ name: 'features', elementType: 'float32', shape: ['N', 4] }]);
  });

  it('reads a 1 GiB model without holding its weights: live memory stays far below the model size', async () => {
    // Samples after a full collection every 64 MiB, so the figure is what the reader keeps
    // alive, not chunks the collector has yet to free (Node 24 frees them much later than 20).
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    let chunks = 0;
    const sample = () => {
      if (++chunks % 64 !== 0) return;
      collectGarbage();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    };
    const signature = await readOnnxSignatureFromStream(hugeModel(1024 * MiB, sample));
    expect(signature).toEqual({
      inputs: [{ name: 'X', elementType: 'float32', shape: ['N', 4] }],
      outputs: [{ name: 'Y', elementType: 'float32', shape: ['N', 1] }],
    });
    expect(chunks).toBeGreaterThanOrEqual(1024);
    // Gathering the weights would keep 1,024 MiB alive; the reader keeps socket-sized buffers
    // (about 50 MiB on Node 20, 65 MiB on Node 24). A quarter, as the kit's transfer tests assert.
    expect(peak - before).toBeLessThan(256 * MiB);
  });

  it('refuses a cut-off model, garbage and an absurd field length with INVALID_ARGUMENT', async () => {
    const bytes = models[0]!;
    const absurdInput = new BinaryWriter().tag(7, WireType.LengthDelimited).uint32(100).tag(11, WireType.LengthDelimited).uint32(2 ** 31).finish();
    for (const [source, reason] of [
      [[bytes.subarray(0, bytes.length - 3)], /cut off|premature/],
      [[new TextEncoder().encode('not a model at all')], /illegal tag|wire type|cut off|premature/],
      [[Uint8Array.of(0x08, 0x08)], /no ONNX graph/],
      [[absurdInput], /claims 2147483648 bytes/],
    ] as const) {
      await expect(readOnnxSignatureFromStream(Readable.from(source))).rejects.toSatisfy(
        (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && reason.test((error as Error).message),
      );
    }
  });

  it('passes an error of the stream through unchanged, and releases the stream when it stops early', async () => {
    const failure = new Error('disk went away');
    const failing = new Readable({ read() { this.destroy(failure); } });
    await expect(readOnnxSignatureFromStream(failing)).rejects.toBe(failure);

    let produced = 0;
    const endless = new Readable({
      read() {
        produced++;
        this.push(Buffer.from('garbage!'.repeat(1024)));
      },
    });
    await expect(readOnnxSignatureFromStream(endless)).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT'));
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(10);
  });
});
