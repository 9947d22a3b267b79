export { toOnnx, detectOnnxExportKind, type ToOnnxOptions, type OnnxExportKind } from './export/to-onnx.js';
export { logisticRegressionToOnnx, type LogisticRegressionModel, type LogisticRegressionOnnxOptions } from './export/logistic-regression-to-onnx.js';
export { linearRegressionToOnnx, type LinearRegressionModel, type LinearRegressionOnnxOptions } from './export/linear-regression-to-onnx.js';
export { kmeansToOnnx, type KMeansModel, type KMeansOnnxOptions, type KMeansDistance } from './export/kmeans-to-onnx.js';
export { decisionTreeToOnnx, type DecisionTreeModel, type TreeOnnxOptions } from './export/decision-tree-to-onnx.js';
export { randomForestToOnnx, type RandomForestModel } from './export/random-forest-to-onnx.js';
export type { ClassLabels } from './export/class-labels.js';
export type { CartNode } from './export/tree-ensemble.js';
export { readOnnxSignature, type OnnxSignature } from './signature/read-onnx-signature.js';
