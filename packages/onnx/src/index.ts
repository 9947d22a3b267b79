// Everything of the pure-JavaScript '@mlops-ts/onnx/export' entry, plus the runtime parts below.
export * from './export/index.js';
export { loadDeployedModel } from './predictor/load-deployed-model.js';
export { loadModel } from './predictor/load-model.js';
export { DeployedModelPredictor, type LoadDeployedModelOptions, type PredictorEvents, type PredictorOptions } from './predictor/deployed-model-predictor.js';
export type { DeployedModelInfo } from './predictor/loaded-model.js';
export type { InputValue, PredictionInput } from './predictor/input-encoder.js';
export { TooManyElementsError } from './predictor/element-budget.js';
export type { OutputValue, PredictionOutput } from './predictor/output-decoder.js';
export { uploadOnnxModel, type UploadedOnnxModel } from './model-upload/upload-onnx-model.js';
export { serve, type ModelServer, type ServeModelFileOptions, type ServeOptions } from './serving/serve.js';
export { loadModelFile, ModelFilePredictor, type LoadModelFileOptions, type ModelFileDescription, type ModelFileInfo } from './serving/model-file-predictor.js';
export { onnxModelSchemaReader } from './model-upload/onnx-schema-reader.js';
export { DriftMonitor, type DriftMonitorEvents, type MonitorReport } from './monitoring/drift-monitor.js';
export type { DriftChange } from './monitoring/drift-alerts.js';
export { monitorDefaults, type MonitorOptions } from './monitoring/monitor-options.js';
export { monitoringRunTags } from './monitoring/monitoring-run.js';
// Adds MLOpsBuilder.prototype.useOnnx(), as every provider package adds its method.
import './model-upload/use-onnx.js';
