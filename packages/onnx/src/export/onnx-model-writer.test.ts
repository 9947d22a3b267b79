import { createHash } from 'node:crypto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { decisionTreeToOnnx } from './decision-tree-to-onnx.js';
import { attribute, OnnxGraphBuilder } from './onnx-graph-builder.js';
import type { OnnxElementType } from './onnx-proto.js';
import { runOnnx } from './test-support/parity-support.js';

/** One node with every attribute kind and one constant of every element type. */
function everyFieldKindModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('kinds');
  graph.reserve('X', 'Y');
  graph.node(
    'Custom',
    ['X'],
    ['Y'],
    {
      f: attribute.float(-1.25),
      i: attribute.int(-3),
      big: attribute.int(2 ** 40 + 1),
      s: attribute.string('naïve ✓'),
      fs: attribute.floats([1, NaN, Infinity, -0]),
      is: attribute.ints([0, -1, 300, 2 ** 35]),
      ss: attribute.strings(['', 'x'.repeat(200)]),
      t: { kind: 'tensor', value: { name: 't', elementType: 'int64', dims: [2], values: [-1n, 5n] } },
    },
    'custom.domain',
  );
  const constants: [OnnxElementType, number[] | string[]][] = [
    ['float32', [1.5, -2]],
    ['float64', [1e300, -0]],
    ['int64', [-(2 ** 40), 3]],
    ['int32', [-7, 8]],
    ['int8', [-1, 2]],
    ['uint8', [255, 0]],
    ['bool', [1, 0]],
    ['string', ['', 'long '.repeat(40)]],
  ];
  for (const [type, values] of constants) graph.constant(`c_${type}`, type, [2], values);
  return graph.build({
    inputs: [{ name: 'X', elementType: 'float32', shape: ['N', null, 3] }],
    outputs: [{ name: 'Y', elementType: 'float32', shape: [] }],
    docString: 'd'.repeat(300),
    metadata: { a: 'b', long: 'v'.repeat(1000) },
  });
}

describe('encodeOnnxModel', () => {
  it('writes a model onnxruntime loads and runs (initializers, attributes, symbolic dims)', async () => {
    const graph = new OnnxGraphBuilder('smoke');
    graph.reserve('X', 'Y', 'best', 'names');
    const offset = graph.constant('offset', 'float32', [1, 3], [1, -2, 0.5]);
    const sum = graph.op('Add', ['X', offset], 'shifted');
    graph.node('Identity', [sum], ['Y']);
    graph.node('ArgMax', [sum], ['best'], { axis: attribute.int(1), keepdims: attribute.int(0) });
    const labels = graph.constant('labels', 'string', [3], ['alpha', 'βeta', 'gamma']);
    graph.node('Gather', [labels, 'best'], ['names'], { axis: attribute.int(0) });
    const bytes = graph.build({
      inputs: [{ name: 'X', elementType: 'float32', shape: ['N', 3] }],
      outputs: [
        { name: 'Y', elementType: 'float32', shape: ['N', 3] },
        { name: 'best', elementType: 'int64', shape: ['N'] },
        { name: 'names', elementType: 'string', shape: ['N'] },
      ],
      metadata: { source: 'test' },
    });

    const session = await InferenceSession.create(bytes);
    const input = new Tensor('float32', Float32Array.from([0, 0, 0, -5, 10, 1]), [2, 3]);
    const result = await session.run({ X: input });
    expect(Array.from(result.Y!.data as Float32Array)).toEqual([1, -2, 0.5, -4, 8, 1.5]);
    expect(Array.from(result.best!.data as BigInt64Array)).toEqual([0n, 1n]);
    expect(result.names!.data).toEqual(['alpha', 'βeta']);
    await session.release();
  });

  it('gives the same bytes for the same model as earlier releases, so a re-export has the same SHA-256', () => {
    const bytes = everyFieldKindModel();
    // Recorded from the encoder of the first release: negative and 2^40 int64 varints,
    // packed floats with NaN/Infinity/-0, UTF-8, and messages longer than 127 bytes.
    expect(bytes.length).toBe(2228);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('90b37be0582b517208c5c0d7cf5254620263c0afd9de782836ea12ee10a4effd');
    // ModelProto starts with ir_version 8, then producer_name '@mlops-ts/onnx'.
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x08, 0x08, 0x12, 14]);
  });

  it('refuses a finite value past the float32 range with INVALID_ARGUMENT naming it, instead of writing Infinity', () => {
    // A regression tree whose leaf value float32 cannot hold: the prediction would be Infinity.
    const hugeLeaf = { name: 'DTRegression' as const, root: { splitColumn: 0, splitValue: 1, left: { distribution: 1e39 }, right: { distribution: 2 } } };
    expect(() => decisionTreeToOnnx(hugeLeaf)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/attribute 'target_weights' of node .* holds 1e\+39, which is outside the float32 range.*Scale the data/) }),
    );
    const graph = new OnnxGraphBuilder('range');
    graph.reserve('X', 'Y');
    graph.constant('too_small', 'float32', [1], [-3.5e38]);
    graph.node('Identity', ['X'], ['Y']);
    const io = { inputs: [{ name: 'X', elementType: 'float32' as const, shape: [1] }], outputs: [{ name: 'Y', elementType: 'float32' as const, shape: [1] }] };
    expect(() => graph.build(io)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/tensor 'too_small' holds -3\.5e\+38/) }));

    const attributeGraph = new OnnxGraphBuilder('range');
    attributeGraph.reserve('X', 'Y');
    attributeGraph.node('LeakyRelu', ['X'], ['Y'], { alpha: attribute.float(1e40) });
    expect(() => attributeGraph.build(io)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/attribute 'alpha' of node 'LeakyRelu_node' holds 1e\+40/) }));
  });

  it('keeps the float32 extremes, NaN and ±Infinity as they are', async () => {
    const graph = new OnnxGraphBuilder('extremes');
    graph.reserve('X', 'Y');
    const extremes = graph.constant('extremes', 'float32', [1, 5], [3.4028234663852886e38, -3.4028234663852886e38, Infinity, -Infinity, NaN]);
    graph.node('Add', ['X', extremes], ['Y']);
    const bytes = graph.build({ inputs: [{ name: 'X', elementType: 'float32', shape: [1, 5] }], outputs: [{ name: 'Y', elementType: 'float32', shape: [1, 5] }] });
    const result = await runOnnx(bytes, [[0, 0, 0, 0, 0]], 'X');
    expect(Array.from(result.Y!.data as Float32Array)).toEqual([3.4028234663852886e38, -3.4028234663852886e38, Infinity, -Infinity, NaN]);
  });

  it('exports a split value past float32 as +Infinity, which keeps the split exact for every float32 input', async () => {
    const tree = { name: 'DTRegression' as const, root: { splitColumn: 0, splitValue: 1e39, left: { distribution: 1 }, right: { distribution: 2 } } };
    const result = await runOnnx(decisionTreeToOnnx(tree, { featureCount: 1 }), [[3.4028234663852886e38], [-1], [Infinity]]);
    // ml-cart: row[0] < 1e39 goes left (1), except Infinity, which goes right (2).
    expect(Array.from(result.variable!.data as Float32Array)).toEqual([1, 1, 2]);
  });
});
