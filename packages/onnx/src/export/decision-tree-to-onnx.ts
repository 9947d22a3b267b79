import { MLOpsError } from '@mlops-ts/core';

import { addLabelOutput, resolveClassLabels, type ClassLabels } from './class-labels.js';
import { invalidModel, resolveFeatureCount, resolveInputName, toModelJson } from './model-values.js';
import { attribute, OnnxGraphBuilder } from './onnx-graph-builder.js';
import type { OnnxValueInfo } from './onnx-model-writer.js';
import { forEachLeaf, leafDistribution, leafValue, TreeEnsembleAttributes, type CartNode } from './tree-ensemble.js';

/**
 * An ml-cart `DecisionTreeClassifier` or `DecisionTreeRegression` after `train()`, its
 * `toJSON()` output (`name` 'DTClassifier' / 'DTRegression'), or that JSON parsed back.
 */
export type DecisionTreeModel = { toJSON(): unknown } | { name: 'DTClassifier' | 'DTRegression'; root: CartNode };

/** Options for {@link decisionTreeToOnnx} and {@link randomForestToOnnx}. */
export interface TreeOnnxOptions {
  /**
   * Columns of an input row. A tree stores only the columns it splits on, so without this
   * the input's second dimension is left unknown (null); set it to have it checked.
   */
  featureCount?: number;
  /** Name of the float32 [N, featureCount] input. Default `'X'`. */
  inputName?: string;
  /** Classifiers only: one label per class index (integers → int64 `label`, strings → string `label`). */
  labels?: ClassLabels;
}

export const LABEL_OUTPUT = 'label';
export const PROBABILITIES_OUTPUT = 'probabilities';
export const VARIABLE_OUTPUT = 'variable';

/**
 * Exports an ml-cart decision tree to ONNX (ai.onnx.ml TreeEnsembleRegressor).
 *
 * Splits use BRANCH_LT, as ml-cart sends `row[column] < splitValue` left; split values are
 * rounded up to float32, which keeps every comparison exact for float32 inputs. A
 * classifier's leaves carry their class frequencies as one target per class, and ArgMax
 * picks the first largest, as ml-cart's `maxRowIndex` does. (TreeEnsembleClassifier is not
 * used: onnxruntime decides two-class labels by a threshold rather than an arg-max.)
 *
 * Outputs of a classifier:
 * - `label` [N]: the predicted class (int64 index, or `labels[index]`);
 * - `probabilities` [N, k] float32: the leaf's class frequencies (0 for classes the leaf never saw).
 *
 * Output of a regression: `variable` [N, 1] float32, the leaf's mean value.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when the tree is untrained or malformed, or an
 *   option does not fit it.
 * @example
 * const tree = new DecisionTreeClassifier({ maxDepth: 5 });
 * tree.train(trainX, trainY);
 * const bytes = decisionTreeToOnnx(tree, { featureCount: 4 });
 */
export function decisionTreeToOnnx(model: DecisionTreeModel, options: TreeOnnxOptions = {}): Uint8Array {
  const json = toModelJson(model);
  const kind = treeKind(json);
  const root = json.root as CartNode | undefined;
  if (typeof root !== 'object' || root === null) throw invalidModel('root', 'is missing (is the tree trained?)');

  const ensemble = new TreeEnsembleAttributes();
  const graph = new OnnxGraphBuilder(`ml_cart_${kind}`);
  if (kind === 'regression') {
    const inputName = resolveInputName(options.inputName, [VARIABLE_OUTPUT]);
    graph.reserve(inputName, VARIABLE_OUTPUT);
    ensemble.addTree({ root, featureOf: (column) => column, leafWeights: (leaf) => [[0, leafValue(leaf)]] });
    ensemble.addNode(graph, inputName, VARIABLE_OUTPUT, 1, 'SUM');
    return graph.build({
      inputs: [treeInput(inputName, options.featureCount, ensemble)],
      outputs: [{ name: VARIABLE_OUTPUT, elementType: 'float32', shape: ['N', 1] }],
      docString: 'ml-cart DecisionTreeRegression.',
      metadata: { 'mlops-ts.source-library': 'ml-cart', 'mlops-ts.model-kind': 'decision-tree-regression' },
    });
  }

  let leafClassCount = 0;
  forEachLeaf(root, (leaf) => (leafClassCount = Math.max(leafClassCount, leafDistribution(leaf).length)));
  const classCount = Math.max(leafClassCount, options.labels?.length ?? 0);
  const labels = resolveClassLabels(options.labels, classCount);
  const inputName = resolveInputName(options.inputName, [LABEL_OUTPUT, PROBABILITIES_OUTPUT]);
  graph.reserve(inputName, LABEL_OUTPUT, PROBABILITIES_OUTPUT);
  ensemble.addTree({
    root,
    featureOf: (column) => column,
    leafWeights: (leaf) =>
      leafDistribution(leaf)
        .map((weight, classIndex) => [classIndex, weight] as const)
        .filter(([, weight]) => weight !== 0),
  });
  ensemble.addNode(graph, inputName, PROBABILITIES_OUTPUT, classCount, 'SUM');
  const classIndex = graph.op('ArgMax', [PROBABILITIES_OUTPUT], 'class_index', {
    axis: attribute.int(1),
    keepdims: attribute.int(0),
    select_last_index: attribute.int(0),
  });
  const labelOutput = addLabelOutput(graph, classIndex, labels, LABEL_OUTPUT);
  return graph.build({
    inputs: [treeInput(inputName, options.featureCount, ensemble)],
    outputs: [labelOutput, { name: PROBABILITIES_OUTPUT, elementType: 'float32', shape: ['N', classCount] }],
    docString: `ml-cart DecisionTreeClassifier with ${classCount} classes.`,
    metadata: { 'mlops-ts.source-library': 'ml-cart', 'mlops-ts.model-kind': 'decision-tree-classifier' },
  });
}

/** The float32 [N, F] input of a tree model; F is null unless known. */
export function treeInput(inputName: string, featureCount: number | undefined, ensemble: TreeEnsembleAttributes): OnnxValueInfo {
  const width = featureCount === undefined ? null : resolveFeatureCount(featureCount, ensemble.maxFeature + 1, false);
  return { name: inputName, elementType: 'float32', shape: ['N', width] };
}

function treeKind(json: Record<string, unknown>): 'classifier' | 'regression' {
  if (json.name === 'DTClassifier') return 'classifier';
  if (json.name === 'DTRegression') return 'regression';
  const kind = (json.options as { kind?: unknown } | undefined)?.kind;
  if (kind === 'classifier' || kind === 'regression') return kind;
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `The model is not an ml-cart decision tree (name '${String(json.name)}'). Pass a DecisionTreeClassifier or DecisionTreeRegression, or its toJSON() output.`,
  );
}
