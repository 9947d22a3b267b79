import type { Tensor } from 'onnxruntime-node';

import type { OnnxSignature } from '../signature/read-onnx-signature.js';

/**
 * Where one row's values sit in a model's tensors: the inputs with a batch dimension and a
 * fixed number of values per row, laid end to end, then the outputs with one value per row
 * (a label or a regression value). A sampled row is a flat array in this order.
 */
export interface RowLayout {
  inputs: { name: string; width: number }[];
  outputs: { name: string }[];
  /** Inputs and outputs left out, with why (for the monitor's notes). */
  skipped: string[];
}

/** The layout of a model's rows from its signature. */
export function rowLayoutOf(signature: OnnxSignature): RowLayout {
  const layout: RowLayout = { inputs: [], outputs: [], skipped: [] };
  for (const input of signature.inputs) {
    const width = valuesPerRow(input.shape);
    if (width === undefined) layout.skipped.push(`input '${input.name}' (shape [${input.shape.join(', ')}] has no batch dimension followed by fixed ones)`);
    else layout.inputs.push({ name: input.name, width });
  }
  for (const output of signature.outputs) {
    if (valuesPerRow(output.shape) === 1 || (output.shape.length === 0 && !output.elementType.includes('<'))) layout.outputs.push({ name: output.name });
    else if (output.elementType.includes('<')) layout.skipped.push(`output '${output.name}' (${output.elementType})`);
  }
  return layout;
}

function valuesPerRow(shape: readonly (number | string | null)[]): number | undefined {
  if (shape.length === 0 || typeof shape[0] === 'number') return undefined;
  let width = 1;
  for (const dimension of shape.slice(1)) {
    if (typeof dimension !== 'number') return undefined;
    width *= dimension;
  }
  return width;
}

/** Rows in a call: the first laid-out input's batch dimension, else the first output's. */
export function rowCountOf(layout: RowLayout, feeds: Record<string, Tensor>, results: Record<string, Tensor>): number {
  const first = layout.inputs[0] ? feeds[layout.inputs[0].name] : layout.outputs[0] ? results[layout.outputs[0].name] : undefined;
  return first?.dims[0] ?? 0;
}

/** Row `row` of a call as a flat array in layout order; int64 values as numbers. */
export function extractRow(layout: RowLayout, feeds: Record<string, Tensor>, results: Record<string, Tensor>, row: number): unknown[] {
  const values: unknown[] = [];
  for (const input of layout.inputs) {
    const data = feeds[input.name]?.data as ArrayLike<unknown> | undefined;
    for (let offset = 0; offset < input.width; offset++) values.push(plain(data?.[row * input.width + offset]));
  }
  for (const output of layout.outputs) values.push(plain((results[output.name]?.data as ArrayLike<unknown> | undefined)?.[row]));
  return values;
}

function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}
