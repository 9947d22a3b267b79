import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { MLOpsError } from '@mlops-ts/core';
import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { decisionTreeToOnnx } from '../export/decision-tree-to-onnx.js';
import { kmeansToOnnx } from '../export/kmeans-to-onnx.js';
import { logisticRegressionToOnnx } from '../export/logistic-regression-to-onnx.js';
import { encodeOnnxModel } from '../export/onnx-model-writer.js';
import { readOnnxSignature } from './read-onnx-signature.js';

/** A model whose dims are symbolic, fixed and unknown, with an initializer also listed as an input. */
const symbolicModel = encodeOnnxModel({
  irVersion: 8,
  opsetImports: [{ domain: '', version: 17 }],
  producerName: 'test',
  producerVersion: '1',
  graph: {
    name: 'symbolic',
    nodes: [
      { opType: 'Add', inputs: ['features', 'bias'], outputs: ['sum'] },
      { opType: 'Shape', inputs: ['mask'], outputs: ['mask_shape'] },
    ],
    initializers: [{ name: 'bias', elementType: 'float32', dims: [1, 4], values: [1, 2, 3, 4] }],
    inputs: [
      { name: 'features', elementType: 'float32', shape: ['N', 4] },
      { name: 'mask', elementType: 'bool', shape: ['N', null, 7] },
      { name: 'bias', elementType: 'float32', shape: [1, 4] },
    ],
    outputs: [
      { name: 'sum', elementType: 'float32', shape: ['N', 4] },
      { name: 'mask_shape', elementType: 'int64', shape: [3] },
    ],
  },
});

describe('readOnnxSignature', () => {
  it('reads symbolic, fixed and unknown dims and leaves out initializers listed as inputs', () => {
    expect(readOnnxSignature(symbolicModel)).toEqual({
      inputs: [
        { name: 'features', elementType: 'float32', shape: ['N', 4] },
        { name: 'mask', elementType: 'bool', shape: ['N', null, 7] },
      ],
      outputs: [
        { name: 'sum', elementType: 'float32', shape: ['N', 4] },
        { name: 'mask_shape', elementType: 'int64', shape: [3] },
      ],
    });
  });

  it('agrees with the metadata onnxruntime reports for the same models', async () => {
    const models = [
      symbolicModel,
      logisticRegressionToOnnx({ classifiers: [{ weights: [[1, 2]] }, { weights: [[-1, 0]] }] }, { labels: ['no', 'yes'] }),
      kmeansToOnnx({ centroids: [[0, 0, 0], [1, 1, 1]] }),
      decisionTreeToOnnx({ name: 'DTRegression', root: { splitColumn: 2, splitValue: 1, left: { distribution: 0 }, right: { distribution: 1 } } }),
    ];
    for (const bytes of models) {
      const session = await InferenceSession.create(bytes);
      // onnxruntime-node 1.30 reports names, types and shapes too; an unknown dim comes back as ''.
      const fromRuntime = (metadata: readonly InferenceSession.ValueMetadata[]) =>
        metadata.map((value) =>
          value.isTensor ? { name: value.name, elementType: value.type, shape: value.shape.map((dim) => (dim === '' || dim === -1 ? null : dim)) } : value,
        );
      const signature = readOnnxSignature(bytes);
      expect(signature.inputs).toEqual(fromRuntime(session.inputMetadata));
      expect(signature.outputs).toEqual(fromRuntime(session.outputMetadata));
      await session.release();
    }
  });

  it('describes the converters’ outputs: string labels, int64 indexes, unknown tree width', () => {
    const logistic = readOnnxSignature(logisticRegressionToOnnx({ classifiers: [{ weights: [[1, 2]] }, { weights: [[-1, 0]] }] }, { labels: ['no', 'yes'] }));
    expect(logistic.outputs).toEqual([
      { name: 'label', elementType: 'string', shape: ['N'] },
      { name: 'probabilities', elementType: 'float32', shape: ['N', 2] },
    ]);
    const tree = readOnnxSignature(decisionTreeToOnnx({ name: 'DTClassifier', root: { distribution: [[0.25, 0.75]] } }));
    expect(tree.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['N', null] }]);
    expect(tree.outputs[0]).toEqual({ name: 'label', elementType: 'int64', shape: ['N'] });
  });

  it('describes non-tensor outputs such as a sequence of maps', () => {
    // ModelProto { graph { output { name: 'zipmap', type { sequence_type { elem_type { map_type { key int64, value tensor float } } } } } } }
    const writer = new BinaryWriter();
    const message = (field: number, encode: () => void) => {
      writer.tag(field, WireType.LengthDelimited).fork();
      encode();
      writer.join();
    };
    writer.tag(1, WireType.Varint).int64(8);
    message(7, () =>
      message(12, () => {
        writer.tag(1, WireType.LengthDelimited).string('zipmap');
        message(2, () =>
          message(4, () =>
            message(1, () =>
              message(5, () => {
                writer.tag(1, WireType.Varint).int32(7);
                message(2, () => message(1, () => writer.tag(1, WireType.Varint).int32(1)));
              }),
            ),
          ),
        );
      }),
    );
    const bytes = writer.finish();
    expect(readOnnxSignature(bytes).outputs).toEqual([{ name: 'zipmap', elementType: 'sequence<map<int64,float32>>', shape: [] }]);
  });

  it('refuses bytes that are not an ONNX model with INVALID_ARGUMENT', () => {
    const truncated = symbolicModel.subarray(0, symbolicModel.length - 5);
    for (const bytes of [truncated, new TextEncoder().encode('not a model at all'), new Uint8Array([0x08, 0x08])]) {
      expect(() => readOnnxSignature(bytes)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });
});
