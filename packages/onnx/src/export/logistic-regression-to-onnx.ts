import { addLabelOutput, resolveClassLabels, type ClassLabels } from './class-labels.js';
import { invalidModel, resolveFeatureCount, resolveInputName, toNumberMatrix, type NumberMatrix } from './model-values.js';
import { attribute, OnnxGraphBuilder } from './onnx-graph-builder.js';
import { TensorDataType } from './onnx-proto.js';

/**
 * An ml-logistic-regression `LogisticRegression` after `train()`, its `toJSON()` output, or
 * that JSON parsed back: one binary classifier per class, each with a 1 × F weight row.
 */
export interface LogisticRegressionModel {
  numberClasses?: number;
  classifiers: readonly { weights: NumberMatrix | null }[];
}

/** Options for {@link logisticRegressionToOnnx}. */
export interface LogisticRegressionOnnxOptions {
  /** Columns of an input row; defaults to the length of the weight rows (it must match them). */
  featureCount?: number;
  /** Name of the float32 [N, featureCount] input. Default `'X'`. */
  inputName?: string;
  /** One label per class index; integers give an int64 `label`, strings a string `label`. */
  labels?: ClassLabels;
}

const LABEL_OUTPUT = 'label';
const PROBABILITIES_OUTPUT = 'probabilities';

/**
 * Exports an ml-logistic-regression model to ONNX, with the library's exact semantics.
 *
 * The library trains one-vs-rest classifiers without an intercept, where classifier j
 * scores s_j = sigmoid(x · w_j) as the probability that the row is NOT class j, and
 * `predict` returns the first j with the smallest s_j. The graph computes the same in
 * float64 with standard operators (Cast, MatMul, Neg, Exp, Add, Div, ArgMin): the
 * ai.onnx.ml LinearClassifier works in float32 and takes the arg-max of the raw scores,
 * so it would disagree where the library's float64 sigmoids saturate to exactly 1 (or 0)
 * for several classes and the first of them wins.
 *
 * Outputs:
 * - `label` [N]: the predicted class (int64 index 0…k−1, or `labels[index]`);
 * - `probabilities` [N, k] float32: 1 − s_j, each classifier's probability of class j.
 *   One-vs-rest probabilities do not sum to 1 (the library never normalises them).
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when the model is untrained or malformed, or an
 *   option does not fit it.
 * @example
 * const model = new LogisticRegression({ numSteps: 1000, learningRate: 5e-3 });
 * model.train(new Matrix(trainX), Matrix.columnVector(trainY));
 * const bytes = logisticRegressionToOnnx(model, { labels: ['setosa', 'versicolor', 'virginica'] });
 */
export function logisticRegressionToOnnx(
  model: LogisticRegressionModel,
  options: LogisticRegressionOnnxOptions = {},
): Uint8Array {
  const weightRows = readWeightRows(model);
  const classCount = weightRows.length;
  const featureCount = resolveFeatureCount(options.featureCount, weightRows[0]!.length, true);
  const labels = resolveClassLabels(options.labels, classCount);
  const inputName = resolveInputName(options.inputName, [LABEL_OUTPUT, PROBABILITIES_OUTPUT]);

  const graph = new OnnxGraphBuilder('ml_logistic_regression');
  graph.reserve(inputName, LABEL_OUTPUT, PROBABILITIES_OUTPUT);
  // MatMul wants [F, k]: column j holds classifier j's weights.
  const weights = graph.constant('weights', 'float64', [featureCount, classCount], transposeFlat(weightRows));
  const one = graph.constant('one', 'float64', [], [1]);

  const input = graph.op('Cast', [inputName], 'input_float64', { to: attribute.int(TensorDataType.float64) });
  const logits = graph.op('MatMul', [input, weights], 'logits');
  // s = 1 / (1 + exp(-z)), written as the library writes it so float64 rounding matches.
  const expNegative = graph.op('Exp', [graph.op('Neg', [logits], 'negative_logits')], 'exp_negative_logits');
  const notClassScores = graph.op('Div', [one, graph.op('Add', [one, expNegative], 'denominator')], 'not_class_scores');
  // ArgMin keeps the first minimum (select_last_index = 0), as the library's strict `<` scan does.
  const classIndex = graph.op('ArgMin', [notClassScores], 'class_index', {
    axis: attribute.int(1),
    keepdims: attribute.int(0),
    select_last_index: attribute.int(0),
  });
  const labelOutput = addLabelOutput(graph, classIndex, labels, LABEL_OUTPUT);
  const classScores = graph.op('Sub', [one, notClassScores], 'class_scores');
  graph.node('Cast', [classScores], [PROBABILITIES_OUTPUT], { to: attribute.int(TensorDataType.float32) });

  return graph.build({
    inputs: [{ name: inputName, elementType: 'float32', shape: ['N', featureCount] }],
    outputs: [labelOutput, { name: PROBABILITIES_OUTPUT, elementType: 'float32', shape: ['N', classCount] }],
    docString: `ml-logistic-regression one-vs-rest model with ${classCount} classes over ${featureCount} features.`,
    metadata: { 'mlops-ts.source-library': 'ml-logistic-regression', 'mlops-ts.model-kind': 'logistic-regression' },
  });
}

function readWeightRows(model: LogisticRegressionModel): number[][] {
  const classifiers = (model as { classifiers?: unknown }).classifiers;
  if (!Array.isArray(classifiers) || classifiers.length === 0) {
    throw invalidModel('classifiers', 'are missing (is the model trained?)');
  }
  if (model.numberClasses !== undefined && model.numberClasses !== classifiers.length) {
    throw invalidModel('classifiers', `count (${classifiers.length}) differs from numberClasses (${model.numberClasses})`);
  }
  const rows = classifiers.map((classifier: { weights?: unknown }, index) => {
    const weights = toNumberMatrix(classifier?.weights, `classifiers[${index}].weights`);
    if (weights.length !== 1) throw invalidModel(`classifiers[${index}].weights`, 'is not a single row');
    return weights[0]!;
  });
  if (!rows.every((row) => row.length === rows[0]!.length)) {
    throw invalidModel('classifiers', 'have weight rows of different lengths');
  }
  return rows;
}

function transposeFlat(rows: number[][]): number[] {
  const width = rows[0]!.length;
  const flat: number[] = [];
  for (let column = 0; column < width; column++) for (const row of rows) flat.push(row[column]!);
  return flat;
}
