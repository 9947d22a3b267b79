import { MLOpsError } from '@mlops-ts/core';

import type { ClassLabels } from './class-labels.js';
import { decisionTreeToOnnx, type DecisionTreeModel } from './decision-tree-to-onnx.js';
import { kmeansToOnnx, type KMeansDistance, type KMeansModel } from './kmeans-to-onnx.js';
import { linearRegressionToOnnx, type LinearRegressionModel } from './linear-regression-to-onnx.js';
import { logisticRegressionToOnnx, type LogisticRegressionModel } from './logistic-regression-to-onnx.js';
import { toModelJson } from './model-values.js';
import { randomForestToOnnx, type RandomForestModel } from './random-forest-to-onnx.js';

/** The model kinds {@link toOnnx} recognises. */
export type OnnxExportKind =
  | 'logistic-regression'
  | 'linear-regression'
  | 'kmeans'
  | 'decision-tree-classifier'
  | 'decision-tree-regression'
  | 'random-forest-classifier'
  | 'random-forest-regression';

/** Options for {@link toOnnx}; each converter reads the ones that apply to it. */
export interface ToOnnxOptions {
  /** Columns of an input row (checked against the model; trees need it to declare the width). */
  featureCount?: number;
  /** Name of the float32 [N, features] input. Default `'X'`. */
  inputName?: string;
  /** Classifiers only: one label per class index (integers → int64 `label`, strings → string `label`). */
  labels?: ClassLabels;
  /** k-means only: the distance, when it cannot be read from the result. */
  distance?: KMeansDistance;
}

const supportedKinds =
  'ml-logistic-regression LogisticRegression, ml-regression-multivariate-linear MultivariateLinearRegression, ' +
  'an ml-kmeans result, ml-cart DecisionTreeClassifier/DecisionTreeRegression, ' +
  'ml-random-forest RandomForestClassifier/RandomForestRegression';

/**
 * Recognises a trained ml.js model (an instance, its `toJSON()` output, or that JSON
 * parsed back) by its JSON `name` or, for k-means results, by their `centroids`.
 *
 * @throws MLOpsError `UNSUPPORTED` when the model is none of the supported kinds.
 */
export function detectOnnxExportKind(model: unknown): OnnxExportKind {
  const json = toModelJson(model);
  switch (json.name) {
    case 'LogisticRegression':
      return 'logistic-regression';
    case 'multivariateLinearRegression':
      return 'linear-regression';
    case 'DTClassifier':
      return 'decision-tree-classifier';
    case 'DTRegression':
      return 'decision-tree-regression';
    case 'RFClassifier':
      return 'random-forest-classifier';
    case 'RFRegression':
      return 'random-forest-regression';
  }
  if (json.name === undefined && Array.isArray(json.centroids)) return 'kmeans';
  const described = typeof json.name === 'string' ? `a model named '${json.name}'` : `an object with keys ${Object.keys(json).slice(0, 6).join(', ') || '(none)'}`;
  throw new MLOpsError(
    'UNSUPPORTED',
    `toOnnx cannot export ${described}. Pass one of: ${supportedKinds} (trained, or its toJSON() output).`,
  );
}

/**
 * Exports a trained ml.js model to ONNX bytes, choosing the converter from the model.
 * See each converter for the graph and its outputs: classifiers give `label` and
 * `probabilities`, regressions `variable`, k-means `label` and `scores`.
 *
 * @throws MLOpsError `UNSUPPORTED` for an unknown model kind; `INVALID_ARGUMENT` for an
 *   untrained or malformed model, or an option that does not apply to it.
 * @example
 * const forest = new RandomForestClassifier({ nEstimators: 50 });
 * forest.train(trainX, trainY);
 * await writeFile('model.onnx', toOnnx(forest, { featureCount: 4, labels: ['setosa', 'versicolor', 'virginica'] }));
 */
export function toOnnx(model: unknown, options: ToOnnxOptions = {}): Uint8Array {
  const kind = detectOnnxExportKind(model);
  const isClassifier = kind === 'logistic-regression' || kind.endsWith('-classifier');
  if (options.labels !== undefined && !isClassifier) {
    throw new MLOpsError('INVALID_ARGUMENT', `labels apply to classifiers, but the model is a ${kind}. Remove the labels option.`);
  }
  if (options.distance !== undefined && kind !== 'kmeans') {
    throw new MLOpsError('INVALID_ARGUMENT', `distance applies to k-means results, but the model is a ${kind}. Remove the distance option.`);
  }
  const { featureCount, inputName, labels, distance } = options;
  switch (kind) {
    case 'logistic-regression':
      return logisticRegressionToOnnx(model as LogisticRegressionModel, { featureCount, inputName, labels });
    case 'linear-regression':
      return linearRegressionToOnnx(model as LinearRegressionModel, { featureCount, inputName });
    case 'kmeans':
      return kmeansToOnnx(model as KMeansModel, { featureCount, inputName, distance });
    case 'decision-tree-classifier':
    case 'decision-tree-regression':
      return decisionTreeToOnnx(model as DecisionTreeModel, { featureCount, inputName, labels });
    case 'random-forest-classifier':
    case 'random-forest-regression':
      return randomForestToOnnx(model as RandomForestModel, { featureCount, inputName, labels });
  }
}
