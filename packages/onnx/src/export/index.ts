// `@mlops-ts/onnx/export`: ONNX export and signature reading in plain JavaScript. Nothing
// here imports onnxruntime-node, so a training script or a serverless function that only
// exports models never loads the native addon, and importing it adds no builder method.
export { toOnnx, detectOnnxExportKind, type ToOnnxOptions, type OnnxExportKind } from './to-onnx.js';
export { logisticRegressionToOnnx, type LogisticRegressionModel, type LogisticRegressionOnnxOptions } from './logistic-regression-to-onnx.js';
export { linearRegressionToOnnx, type LinearRegressionModel, type LinearRegressionOnnxOptions } from './linear-regression-to-onnx.js';
export { kmeansToOnnx, type KMeansModel, type KMeansOnnxOptions, type KMeansDistance } from './kmeans-to-onnx.js';
export { decisionTreeToOnnx, type DecisionTreeModel, type TreeOnnxOptions } from './decision-tree-to-onnx.js';
export { randomForestToOnnx, type RandomForestModel } from './random-forest-to-onnx.js';
export type { ClassLabels } from './class-labels.js';
export type { CartNode } from './tree-ensemble.js';
export { readOnnxSignature, type OnnxSignature } from '../signature/read-onnx-signature.js';
export { readOnnxSignatureFromStream } from '../signature/read-onnx-signature-from-stream.js';
