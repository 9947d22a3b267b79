import { MLOpsError } from '@mlops-ts/core';

import { attribute, type OnnxGraphBuilder } from './onnx-graph-builder.js';
import type { OnnxValueInfo } from './onnx-model-writer.js';

/**
 * What each class index stands for: integers give an int64 `label` output, strings a
 * string one. ml.js classifiers number their classes 0…k−1 (the values they were trained
 * on), so without labels the output is that index.
 */
export type ClassLabels = readonly number[] | readonly string[];

/** Checks labels against the class count; returns them normalised or undefined. */
export function resolveClassLabels(labels: ClassLabels | undefined, classCount: number): ClassLabels | undefined {
  if (labels === undefined) return undefined;
  if (!Array.isArray(labels) || labels.length !== classCount) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `labels has ${Array.isArray(labels) ? labels.length : 'no'} entries but the model has ${classCount} classes. Pass one label per class, in class-index order.`,
    );
  }
  const isAllStrings = labels.every((label) => typeof label === 'string');
  const isAllIntegers = labels.every((label) => Number.isSafeInteger(label));
  if (!isAllStrings && !isAllIntegers) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      'labels mixes types or holds non-integer numbers. Pass all strings or all integers (ONNX labels are string or int64 tensors).',
    );
  }
  return labels;
}

/**
 * Adds the `label` output: the class index itself, or the label at that index.
 * @param classIndex - an int64 [N] tensor name.
 */
export function addLabelOutput(
  graph: OnnxGraphBuilder,
  classIndex: string,
  labels: ClassLabels | undefined,
  outputName: string,
): OnnxValueInfo {
  if (labels === undefined) {
    graph.node('Identity', [classIndex], [outputName]);
    return { name: outputName, elementType: 'int64', shape: ['N'] };
  }
  const isString = typeof labels[0] === 'string';
  const table = graph.constant('class_labels', isString ? 'string' : 'int64', [labels.length], labels);
  graph.node('Gather', [table, classIndex], [outputName], { axis: attribute.int(0) });
  return { name: outputName, elementType: isString ? 'string' : 'int64', shape: ['N'] };
}
