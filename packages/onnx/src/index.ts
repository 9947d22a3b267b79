export { decisionTreeToOnnx, type DecisionTreeModel, type TreeOnnxOptions } from './export/decision-tree-to-onnx.js';
export { randomForestToOnnx } from './export/random-forest-to-onnx.js';
export { kmeansToOnnx, type KMeansModel, type KMeansOnnxOptions } from './export/kmeans-to-onnx.js';
export { linearRegressionToOnnx, type LinearRegressionModel, type LinearRegressionOnnxOptions } from './export/linear-regression-to-onnx.js';
export { logisticRegressionToOnnx, type LogisticRegressionModel, type LogisticRegressionOnnxOptions } from './export/logistic-regression-to-onnx.js';
export { readOnnxSignature } from './signature/read-onnx-signature.js';
