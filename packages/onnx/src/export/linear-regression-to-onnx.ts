import { invalidModel, resolveFeatureCount, resolveInputName, toNumberMatrix } from './model-values.js';
import { attribute, OnnxGraphBuilder } from './onnx-graph-builder.js';
import { TensorDataType } from './onnx-proto.js';

/**
 * An ml-regression-multivariate-linear `MultivariateLinearRegression`, its `toJSON()`
 * output, or that JSON parsed back: `weights` is (inputs [+ 1 intercept row]) × outputs.
 */
export interface LinearRegressionModel {
  weights: readonly (readonly number[])[];
  /** Independent variables; inferred from `weights` when absent. */
  inputs?: number;
  /** Dependent variables; inferred from `weights` when absent. */
  outputs?: number;
  /** Whether the last weight row is the intercept (the library's default, true). */
  intercept?: boolean;
}

/** Options for {@link linearRegressionToOnnx}. */
export interface LinearRegressionOnnxOptions {
  /** Columns of an input row; defaults to the model's `inputs` (it must match it). */
  featureCount?: number;
  /** Name of the float32 [N, featureCount] input. Default `'X'`. */
  inputName?: string;
}

const VARIABLE_OUTPUT = 'variable';

/**
 * Exports an ml-regression-multivariate-linear model to ONNX.
 *
 * The graph is MatMul + Add (when the model has an intercept) in float64, cast to float32
 * at the end, so each output is the library's float64 prediction rounded once. The
 * ai.onnx.ml LinearRegressor would accumulate in float32 and lose digits when terms
 * cancel.
 *
 * Output: `variable` [N, outputs] float32, one column per dependent variable.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when the weights do not match `inputs`, `outputs`
 *   and `intercept`, or an option does not fit the model.
 * @example
 * const model = new MultivariateLinearRegression(trainX, trainY);
 * const bytes = linearRegressionToOnnx(model);
 */
export function linearRegressionToOnnx(model: LinearRegressionModel, options: LinearRegressionOnnxOptions = {}): Uint8Array {
  const { coefficients, intercepts, inputCount, outputCount } = readParameters(model);
  const featureCount = resolveFeatureCount(options.featureCount, inputCount, true);
  const inputName = resolveInputName(options.inputName, [VARIABLE_OUTPUT]);

  const graph = new OnnxGraphBuilder('ml_multivariate_linear_regression');
  graph.reserve(inputName, VARIABLE_OUTPUT);
  const input = graph.op('Cast', [inputName], 'input_float64', { to: attribute.int(TensorDataType.float64) });
  let prediction = graph.op('MatMul', [input, graph.constant('coefficients', 'float64', [featureCount, outputCount], coefficients.flat())], 'products');
  if (intercepts !== undefined) {
    prediction = graph.op('Add', [prediction, graph.constant('intercepts', 'float64', [outputCount], intercepts)], 'prediction');
  }
  graph.node('Cast', [prediction], [VARIABLE_OUTPUT], { to: attribute.int(TensorDataType.float32) });

  return graph.build({
    inputs: [{ name: inputName, elementType: 'float32', shape: ['N', featureCount] }],
    outputs: [{ name: VARIABLE_OUTPUT, elementType: 'float32', shape: ['N', outputCount] }],
    docString: `ml-regression-multivariate-linear model: ${featureCount} features to ${outputCount} outputs${intercepts ? ' with intercept' : ''}.`,
    metadata: { 'mlops-ts.source-library': 'ml-regression-multivariate-linear', 'mlops-ts.model-kind': 'linear-regression' },
  });
}

function readParameters(model: LinearRegressionModel): {
  coefficients: number[][];
  intercepts: number[] | undefined;
  inputCount: number;
  outputCount: number;
} {
  const weights = toNumberMatrix(model?.weights, 'weights');
  const hasIntercept = model.intercept !== false;
  const inputCount = Number.isInteger(model.inputs) ? model.inputs! : weights.length - (hasIntercept ? 1 : 0);
  const outputCount = Number.isInteger(model.outputs) ? model.outputs! : weights[0]!.length;
  if (weights.length !== inputCount + (hasIntercept ? 1 : 0) || weights[0]!.length !== outputCount || inputCount < 1) {
    throw invalidModel(
      'weights',
      `are ${weights.length} × ${weights[0]!.length}, which does not fit inputs = ${inputCount}, outputs = ${outputCount}, intercept = ${hasIntercept}`,
    );
  }
  return {
    coefficients: weights.slice(0, inputCount),
    intercepts: hasIntercept ? weights[inputCount]! : undefined,
    inputCount,
    outputCount,
  };
}
