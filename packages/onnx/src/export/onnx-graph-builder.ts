import {
  encodeOnnxModel,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-model-writer.js';
import type { OnnxElementType } from './onnx-proto.js';

/**
 * IR version 8 with opset 17 and ai.onnx.ml 3: every operator the converters use exists
 * there in its current form, and onnxruntime supports it from 1.13 on (the tests run 1.30),
 * so an exported model is not tied to a bleeding-edge runtime.
 */
export const EXPORT_IR_VERSION = 8;
/** The default-domain opset the exported graphs import. */
export const EXPORT_ONNX_OPSET = 17;
/** The ai.onnx.ml opset the exported graphs import (TreeEnsemble* v3, Linear* v1). */
export const EXPORT_ML_OPSET = 3;
/** The domain of the classic-ML operators. */
export const ML_DOMAIN = 'ai.onnx.ml';

/** Shorthands for typed attributes. */
export const attribute = {
  float: (value: number): OnnxAttribute => ({ kind: 'float', value }),
  int: (value: number): OnnxAttribute => ({ kind: 'int', value }),
  string: (value: string): OnnxAttribute => ({ kind: 'string', value }),
  floats: (value: ArrayLike<number>): OnnxAttribute => ({ kind: 'floats', value }),
  ints: (value: ArrayLike<number>): OnnxAttribute => ({ kind: 'ints', value }),
  strings: (value: readonly string[]): OnnxAttribute => ({ kind: 'strings', value }),
};

/** What `build` needs besides the nodes. */
export interface BuildOptions {
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  /** Describes the model (ModelProto.doc_string). */
  docString?: string;
  /** Extra ModelProto.metadata_props, e.g. the source library. */
  metadata?: Readonly<Record<string, string>>;
}

/** Accumulates nodes and constants with unique names, then encodes a model. */
export class OnnxGraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxTensor[] = [];
  private readonly usedNames = new Set<string>();

  constructor(private readonly graphName: string) {}

  /** Reserves a tensor name that no other node or constant uses, based on `hint`. */
  uniqueName(hint: string): string {
    let name = hint;
    for (let suffix = 1; this.usedNames.has(name); suffix++) name = `${hint}_${suffix}`;
    this.usedNames.add(name);
    return name;
  }

  /** Marks names (graph inputs and outputs) as taken so generated names never collide. */
  reserve(...names: string[]): void {
    for (const name of names) this.usedNames.add(name);
  }

  /** Adds a constant and returns its name. */
  constant(hint: string, elementType: OnnxElementType, dims: readonly number[], values: OnnxTensor['values']): string {
    const name = this.uniqueName(hint);
    this.initializers.push({ name, elementType, dims, values });
    return name;
  }

  /**
   * Adds a node. `outputs` are explicit names (already reserved) or hints to make unique;
   * returns the output names in order.
   */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly (string | { hint: string })[],
    attributes: Readonly<Record<string, OnnxAttribute>> = {},
    domain = '',
  ): string[] {
    const outputNames = outputs.map((output) => (typeof output === 'string' ? output : this.uniqueName(output.hint)));
    this.nodes.push({
      opType,
      inputs,
      outputs: outputNames,
      name: this.uniqueName(`${opType}_node`),
      domain,
      attributes,
    });
    return outputNames;
  }

  /** Adds a single-output node and returns its output name. */
  op(opType: string, inputs: readonly string[], hint: string, attributes: Readonly<Record<string, OnnxAttribute>> = {}, domain = ''): string {
    return this.node(opType, inputs, [{ hint }], attributes, domain)[0]!;
  }

  /** Encodes the graph as an ONNX model (IR 8, opsets 17 and ai.onnx.ml 3). */
  build(options: BuildOptions): Uint8Array {
    const usesMl = this.nodes.some((node) => node.domain === ML_DOMAIN);
    return encodeOnnxModel({
      irVersion: EXPORT_IR_VERSION,
      opsetImports: [
        { domain: '', version: EXPORT_ONNX_OPSET },
        ...(usesMl ? [{ domain: ML_DOMAIN, version: EXPORT_ML_OPSET }] : []),
      ],
      producerName: '@mlops-ts/onnx',
      producerVersion: '0.0.0',
      ...(options.docString === undefined ? {} : { docString: options.docString }),
      ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
      graph: {
        name: this.graphName,
        nodes: this.nodes,
        initializers: this.initializers,
        inputs: options.inputs,
        outputs: options.outputs,
      },
    });
  }
}
