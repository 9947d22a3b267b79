import { isModelUri, MLOpsError, type MLOpsContext } from '@mlops-ts/core';

import type { DeployedModelPredictor, PredictorOptions } from './deployed-model-predictor.js';
import { startPredictor } from './load-deployed-model.js';
import { modelUriSource } from './predictor-source.js';

/**
 * Loads the model version a `models:/` URI names into an onnxruntime-node session:
 * `models:/iris/3`, `models:/iris@champion` or `models:/iris/latest`. For an alias or
 * `latest` the predictor follows the name: every `pollIntervalMs` it resolves the URI
 * again and swaps in the version it names now (as {@link loadDeployedModel} follows a
 * target), so moving the alias moves what serves.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` for a malformed URI or a version that is not a
 *   loadable ONNX file; `NOT_FOUND` when the URI names nothing (unless `allowEmpty`).
 * @example
 * await using predictor = await loadModel(mlops, 'models:/iris@champion');
 * const { label } = await predictor.predict({ X: [5.1, 3.5, 1.4, 0.2] });
 */
export async function loadModel(mlops: MLOpsContext, uri: string, options: PredictorOptions = {}): Promise<DeployedModelPredictor> {
  if (!isModelUri(uri)) {
    throw new MLOpsError('INVALID_ARGUMENT', `loadModel needs a models:/ URI, not ${JSON.stringify(uri)}. Pass e.g. 'models:/iris@champion' or 'models:/iris/3'; for a deployment use loadDeployedModel().`);
  }
  // A malformed URI fails here, before anything is loaded, whatever allowEmpty says.
  await mlops.model.resolveModelUri(uri).catch((error: unknown) => {
    if (!MLOpsError.hasCode(error, 'NOT_FOUND')) throw error;
  });
  return startPredictor(modelUriSource(mlops, uri), options, mlops);
}
