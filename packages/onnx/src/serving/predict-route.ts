import type { IncomingMessage, ServerResponse } from 'node:http';

import type { PredictionInput } from '../predictor/input-encoder.js';
import { HttpError, sendJson } from './http-response.js';
import { readJsonBody } from './read-json-body.js';
import type { ServingPredictor } from './route-request.js';

/**
 * POST /predict: a body keyed by input name answers with the outputs keyed by output name;
 * `{ "instances": [ … ] }` (rows without the batch dimension) answers `{ "predictions": [ … ] }`.
 */
export async function handlePredict(
  request: IncomingMessage,
  response: ServerResponse,
  predictor: ServingPredictor,
  bodyLimitBytes: number,
  closingHeaders: () => Record<string, string>,
): Promise<void> {
  // Throws UNAVAILABLE (503) before reading the body when nothing is deployed yet.
  const { signature } = predictor.info();
  const body = await readJsonBody(request, bodyLimitBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'INVALID_ARGUMENT', 'The request body is not a JSON object. Send {"<input name>": values} or {"instances": [...]}.');
  }
  const isBatch = 'instances' in body && !signature.inputs.some((input) => input.name === 'instances');
  let result: unknown;
  if (isBatch) {
    const { instances } = body as { instances: unknown };
    if (!Array.isArray(instances)) {
      throw new HttpError(400, 'INVALID_ARGUMENT', `"instances" is not an array. Send {"instances": [{"<input name>": values}, …]}, one object per row.`);
    }
    result = { predictions: await predictor.predictBatch(instances as PredictionInput[]) };
  } else {
    result = await predictor.predict(body as PredictionInput);
  }
  const { version } = predictor.info();
  sendJson(response, 200, result, { ...closingHeaders(), ...(version === null ? {} : { 'x-model-version': String(version) }) });
}
