import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { attribute, OnnxGraphBuilder } from './onnx-graph-builder.js';

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
});
