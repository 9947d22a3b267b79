import type { MLOpsContext } from '@mlops-ts/core';
import { MLOpsError } from '@mlops-ts/core';

import { checkMaxElements } from './element-budget.js';
import { DeployedModelPredictor, defaultPollIntervalMs, type LoadDeployedModelOptions } from './deployed-model-predictor.js';

/**
 * Loads the model deployed to a target into an onnxruntime-node session and keeps
 * following the target: every `pollIntervalMs` it looks for a new deployment, loads it in
 * the background and swaps it in without dropping a call (see {@link DeployedModelPredictor}).
 *
 * @throws MLOpsError `NOT_FOUND` when nothing is deployed (unless `allowEmpty`);
 *   `INVALID_ARGUMENT` when the deployed file is not a loadable ONNX model.
 * @example
 * await using predictor = await loadDeployedModel(mlops, { experiment: 'iris', target: 'Production' });
 * const { label, probabilities } = await predictor.predict({ X: [5.1, 3.5, 1.4, 0.2] });
 * predictor.on('reload', (info) => console.log(`now serving version ${info.version}`));
 */
export async function loadDeployedModel(mlops: MLOpsContext, options: LoadDeployedModelOptions): Promise<DeployedModelPredictor> {
  const pollIntervalMs = options?.pollIntervalMs ?? defaultPollIntervalMs;
  if (typeof options?.experiment !== 'string' || typeof options.target !== 'string') {
    throw new MLOpsError('INVALID_ARGUMENT', `loadDeployedModel needs { experiment, target } as strings. Pass e.g. { experiment: 'iris', target: 'Production' }.`);
  }
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `pollIntervalMs is ${String(pollIntervalMs)}. Pass a number of milliseconds of at least 0 (0 turns polling off).`);
  }
  if (options.maxElements !== undefined) checkMaxElements(options.maxElements);
  const predictor = new DeployedModelPredictor(mlops, { ...options, pollIntervalMs });
  await predictor.start();
  return predictor;
}
