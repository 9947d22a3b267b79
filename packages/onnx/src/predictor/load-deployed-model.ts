import type { MLOpsContext } from '@mlops-ts/core';
import { MLOpsError } from '@mlops-ts/core';

import { checkMaxElements } from './element-budget.js';
import { DeployedModelPredictor, defaultPollIntervalMs, type LoadDeployedModelOptions, type PredictorOptions } from './deployed-model-predictor.js';
import { deployedModelSource, type PredictorSource } from './predictor-source.js';
import { DriftMonitor } from '../monitoring/drift-monitor.js';

/**
 * Loads the model a target serves for a registered model into an onnxruntime-node
 * session and keeps following the target: every `pollIntervalMs` it looks for a new
 * deployment, loads it in the background and swaps it in without dropping a call (see
 * {@link DeployedModelPredictor}). `{ experiment, target }` still works where a registered
 * model is named after the experiment.
 *
 * @throws MLOpsError `NOT_FOUND` when nothing is deployed (unless `allowEmpty`);
 *   `INVALID_ARGUMENT` when the deployed file is not a loadable ONNX model.
 * @example
 * await using predictor = await loadDeployedModel(mlops, { model: 'iris-classifier', target: 'Production' });
 * const { label, probabilities } = await predictor.predict({ X: [5.1, 3.5, 1.4, 0.2] });
 * predictor.on('reload', (info) => console.log(`now serving version ${info.version}`));
 */
export async function loadDeployedModel(mlops: MLOpsContext, options: LoadDeployedModelOptions): Promise<DeployedModelPredictor> {
  const model = options?.model ?? options?.experiment;
  if (typeof model !== 'string' || typeof options.target !== 'string') {
    throw new MLOpsError('INVALID_ARGUMENT', `loadDeployedModel needs { model, target } as strings. Pass e.g. { model: 'iris-classifier', target: 'Production' }.`);
  }
  return startPredictor(deployedModelSource(mlops, model, options.target), options, mlops);
}

/** Checks the options, loads the first model and starts following the source. */
export async function startPredictor(source: PredictorSource, options: PredictorOptions = {}, mlops?: MLOpsContext): Promise<DeployedModelPredictor> {
  const pollIntervalMs = options?.pollIntervalMs ?? defaultPollIntervalMs;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `pollIntervalMs is ${String(pollIntervalMs)}. Pass a number of milliseconds of at least 0 (0 turns polling off).`);
  }
  if (options.maxElements !== undefined) checkMaxElements(options.maxElements);
  // Built before the first load, so bad monitor options fail fast.
  const monitor = options.monitor !== undefined && mlops !== undefined ? new DriftMonitor(mlops, options.monitor) : undefined;
  const predictor = new DeployedModelPredictor(source, { ...options, pollIntervalMs }, monitor);
  await predictor.start();
  return predictor;
}
