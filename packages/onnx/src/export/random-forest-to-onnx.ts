import { MLOpsError } from '@mlops-ts/core';

import { addLabelOutput, resolveClassLabels } from './class-labels.js';
import {
  LABEL_OUTPUT,
  PROBABILITIES_OUTPUT,
  treeInput,
  VARIABLE_OUTPUT,
  type TreeOnnxOptions,
} from './decision-tree-to-onnx.js';
import { invalidModel, resolveInputName, toModelJson } from './model-values.js';
import { attribute, OnnxGraphBuilder } from './onnx-graph-builder.js';
import { TensorDataType } from './onnx-proto.js';
import { forEachLeaf, leafClass, leafDistribution, leafValue, TreeEnsembleAttributes, type CartNode } from './tree-ensemble.js';

/**
 * An ml-random-forest `RandomForestClassifier` or `RandomForestRegression` after `train()`,
 * its `toJSON()` output (`name` 'RFClassifier' / 'RFRegression'), or that JSON parsed back.
 */
export type RandomForestModel =
  | { toJSON(): unknown }
  | { name: 'RFClassifier' | 'RFRegression'; baseModel: { indexes: number[][]; estimators: unknown[] }; selectionMethod?: string };

interface Forest {
  kind: 'classifier' | 'regression';
  selectionMethod: 'mean' | 'median';
  trees: { root: CartNode; columns: readonly number[] }[];
}

/**
 * Exports an ml-random-forest model to ONNX, with the library's voting and tie-breaks.
 *
 * One ai.onnx.ml TreeEnsembleRegressor gives every tree's own prediction ([N, trees]);
 * each tree reads only its `indexes` feature subset, mapped back to input columns. Splits
 * are exact as in {@link decisionTreeToOnnx}. Then, with standard operators:
 * - a classifier takes the mode of the tree votes like ml-array-mode: among classes with
 *   the most votes, the one that reached that count first in tree order wins (Equal,
 *   CumSum, ReduceMax, Less, ReduceSum, ArgMin);
 * - a regression takes the mean (in float64) or the median (ml-array-median's quickselect
 *   returns the lower middle value for an even count: TopK smallest, then ReduceMax).
 *
 * Outputs of a classifier:
 * - `label` [N]: the majority class (int64 index, or `labels[index]`);
 * - `probabilities` [N, k] float32: the share of trees voting for each class. (The
 *   library's `predictProbability` starts its sum at the first tree's label, a bug this
 *   does not copy.)
 *
 * Output of a regression: `variable` [N, 1] float32.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when the forest is untrained or malformed;
 *   `UNSUPPORTED` for a selection method other than mean or median.
 * @example
 * const forest = new RandomForestClassifier({ nEstimators: 25, seed: 3 });
 * forest.train(trainX, trainY);
 * const bytes = randomForestToOnnx(forest, { labels: ['a', 'b', 'c'] });
 */
export function randomForestToOnnx(model: RandomForestModel, options: TreeOnnxOptions = {}): Uint8Array {
  const forest = readForest(model);
  const trainedWidth = (model as { numberFeatures?: unknown }).numberFeatures;
  const featureCount = options.featureCount ?? (Number.isInteger(trainedWidth) ? (trainedWidth as number) : undefined);
  const treeCount = forest.trees.length;
  const ensemble = new TreeEnsembleAttributes();
  const graph = new OnnxGraphBuilder(`ml_random_forest_${forest.kind}`);
  const outputNames = forest.kind === 'classifier' ? [LABEL_OUTPUT, PROBABILITIES_OUTPUT] : [VARIABLE_OUTPUT];
  const inputName = resolveInputName(options.inputName, outputNames);
  graph.reserve(inputName, ...outputNames);

  let classCount = 0;
  forest.trees.forEach(({ root, columns }, treeIndex) => {
    const featureOf = (column: number) => {
      const feature = columns[column];
      if (feature === undefined) throw invalidModel(`indexes[${treeIndex}]`, `has no entry for column ${column}`);
      return feature;
    };
    if (forest.kind === 'classifier') {
      forEachLeaf(root, (leaf) => (classCount = Math.max(classCount, leafDistribution(leaf).length)));
      ensemble.addTree({ root, featureOf, leafWeights: (leaf) => [[treeIndex, leafClass(leaf)]] });
    } else {
      ensemble.addTree({ root, featureOf, leafWeights: (leaf) => [[treeIndex, leafValue(leaf)]] });
    }
  });
  const treePredictions = graph.uniqueName('tree_predictions');
  ensemble.addNode(graph, inputName, treePredictions, treeCount, 'SUM');
  const input = treeInput(inputName, featureCount, ensemble);
  const metadata = { 'mlops-ts.source-library': 'ml-random-forest', 'mlops-ts.model-kind': `random-forest-${forest.kind}` };

  if (forest.kind === 'regression') {
    if (forest.selectionMethod === 'mean') addMean(graph, treePredictions);
    else addLowerMedian(graph, treePredictions, treeCount);
    return graph.build({
      inputs: [input],
      outputs: [{ name: VARIABLE_OUTPUT, elementType: 'float32', shape: ['N', 1] }],
      docString: `ml-random-forest RandomForestRegression: ${treeCount} trees, ${forest.selectionMethod} of their predictions.`,
      metadata,
    });
  }

  classCount = Math.max(classCount, options.labels?.length ?? 0);
  const labels = resolveClassLabels(options.labels, classCount);
  const classIndex = addMajorityVote(graph, treePredictions, treeCount, classCount);
  const labelOutput = addLabelOutput(graph, classIndex, labels, LABEL_OUTPUT);
  return graph.build({
    inputs: [input],
    outputs: [labelOutput, { name: PROBABILITIES_OUTPUT, elementType: 'float32', shape: ['N', classCount] }],
    docString: `ml-random-forest RandomForestClassifier: ${treeCount} trees voting over ${classCount} classes.`,
    metadata,
  });
}

/** Adds the vote counting; writes `probabilities` and returns the int64 [N] winning class. */
function addMajorityVote(graph: OnnxGraphBuilder, treePredictions: string, treeCount: number, classCount: number): string {
  const classIds = graph.constant('class_ids', 'float32', [1, 1, classCount], Array.from({ length: classCount }, (_, index) => index));
  const lastAxis = graph.constant('axis_2', 'int64', [1], [2]);
  const votesColumn = graph.op('Unsqueeze', [treePredictions, lastAxis], 'votes_n_t_1');
  const votes = graph.op('Cast', [graph.op('Equal', [votesColumn, classIds], 'is_vote')], 'one_hot_votes', {
    to: attribute.int(TensorDataType.float32),
  });
  const treeAxis = graph.constant('axis_1', 'int64', [1], [1]);
  const counts = graph.op('ReduceSum', [votes, treeAxis], 'vote_counts', { keepdims: attribute.int(0) });
  graph.node('Div', [counts, graph.constant('tree_count', 'float32', [], [treeCount])], [PROBABILITIES_OUTPUT]);
  // ml-array-mode keeps the class whose count first exceeded the running maximum, i.e. the
  // class that reached the final top count earliest. For each class, count the trees before
  // it reaches that top count (all trees if it never does), and take the smallest.
  const topCount = graph.op('ReduceMax', [counts], 'top_count', { axes: attribute.ints([1]), keepdims: attribute.int(1) });
  const topCountColumn = graph.op('Unsqueeze', [topCount, lastAxis], 'top_count_n_1_1');
  const runningCounts = graph.op('CumSum', [votes, graph.constant('tree_axis', 'int64', [], [1])], 'running_counts');
  const isBeforeTop = graph.op('Cast', [graph.op('Less', [runningCounts, topCountColumn], 'is_below_top')], 'below_top', {
    to: attribute.int(TensorDataType.float32),
  });
  const stepsToTop = graph.op('ReduceSum', [isBeforeTop, treeAxis], 'steps_to_top', { keepdims: attribute.int(0) });
  return graph.op('ArgMin', [stepsToTop], 'class_index', {
    axis: attribute.int(1),
    keepdims: attribute.int(0),
    select_last_index: attribute.int(0),
  });
}

/** `variable` = the mean of the tree predictions, summed in float64 like ml-array-mean. */
function addMean(graph: OnnxGraphBuilder, treePredictions: string): void {
  const wide = graph.op('Cast', [treePredictions], 'tree_predictions_float64', { to: attribute.int(TensorDataType.float64) });
  const mean = graph.op('ReduceMean', [wide], 'mean', { axes: attribute.ints([1]), keepdims: attribute.int(1) });
  graph.node('Cast', [mean], [VARIABLE_OUTPUT], { to: attribute.int(TensorDataType.float32) });
}

/** `variable` = the ⌊(T−1)/2⌋-th smallest prediction (0-based), as median-quickselect returns. */
function addLowerMedian(graph: OnnxGraphBuilder, treePredictions: string, treeCount: number): void {
  const keep = Math.floor((treeCount - 1) / 2) + 1;
  const [smallest] = graph.node('TopK', [treePredictions, graph.constant('k', 'int64', [1], [keep])], [{ hint: 'smallest' }, { hint: 'smallest_indices' }], {
    axis: attribute.int(1),
    largest: attribute.int(0),
    sorted: attribute.int(1),
  });
  graph.node('ReduceMax', [smallest!], [VARIABLE_OUTPUT], { axes: attribute.ints([1]), keepdims: attribute.int(1) });
}

function readForest(model: RandomForestModel): Forest {
  const json = toModelJson(model);
  const kind = json.name === 'RFClassifier' ? 'classifier' : json.name === 'RFRegression' ? 'regression' : undefined;
  if (kind === undefined) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The model is not an ml-random-forest model (name '${String(json.name)}'). Pass a RandomForestClassifier or RandomForestRegression, or its toJSON() output.`,
    );
  }
  const selectionMethod = kind === 'regression' ? (json.selectionMethod ?? 'mean') : 'mean';
  if (selectionMethod !== 'mean' && selectionMethod !== 'median') {
    throw new MLOpsError(
      'UNSUPPORTED',
      `The forest's selection method '${String(selectionMethod)}' cannot be exported. Train it with selectionMethod 'mean' or 'median'.`,
    );
  }
  const base = json.baseModel as { indexes?: unknown; estimators?: unknown } | undefined;
  const estimators = base?.estimators;
  const indexes = base?.indexes;
  if (!Array.isArray(estimators) || estimators.length === 0 || !Array.isArray(indexes) || indexes.length !== estimators.length) {
    throw invalidModel('estimators', 'are missing or do not match indexes (is the forest trained?)');
  }
  const trees = estimators.map((estimator, index) => {
    const root = toModelJson(estimator).root as CartNode | undefined;
    const columns = indexes[index] as unknown;
    if (typeof root !== 'object' || root === null) throw invalidModel(`estimators[${index}]`, 'has no root');
    if (!Array.isArray(columns) || !columns.every((column) => Number.isInteger(column) && column >= 0)) {
      throw invalidModel(`indexes[${index}]`, 'is not a list of feature indexes');
    }
    return { root, columns: columns as number[] };
  });
  return { kind, selectionMethod, trees };
}
