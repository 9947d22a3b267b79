import type { IncomingMessage, ServerResponse } from 'node:http';

import type { PredictionInput } from '../predictor/input-encoder.js';
import type { PredictionOutput } from '../predictor/output-decoder.js';
import type { OnnxSignature } from '../signature/read-onnx-signature.js';
import { HttpError, sendJson } from './http-response.js';
import { handlePredict } from './predict-route.js';
import type { ServeMetrics } from '../monitoring/prometheus-metrics.js';

/** What the routes call: a predictor following a target, or one serving a model file. */
export interface ServingPredictor {
  readonly isReady: boolean;
  info(): { version: number | null; uri: string | null; signature: OnnxSignature };
  predict(input: PredictionInput): Promise<PredictionOutput>;
  predictBatch(rows: readonly PredictionInput[]): Promise<PredictionOutput[]>;
  close(): Promise<void>;
}

/** What the routes need besides the request: the predictor and the checks `serve()` set up. */
export interface RouteContext {
  predictor: ServingPredictor;
  bodyLimitBytes: number;
  exposeModelLocation: boolean;
  /** Throws HttpError 401 when a token is required and missing or wrong. */
  authenticate: (request: IncomingMessage) => void;
  /** `connection: close` while the server shuts down. */
  closingHeaders: () => Record<string, string>;
  /** Answers `GET /metrics`; undefined when `metrics: false`. */
  metrics?: ServeMetrics;
}

/** The served model's description without where it is stored, unless that was asked for. */
export function modelInfoForClients<Info extends { uri: string | null }>(info: Info, exposeModelLocation: boolean): Partial<Info> {
  if (exposeModelLocation) return info;
  const { uri: _location, ...rest } = info;
  return rest as Partial<Info>;
}

/**
 * Answers `POST /predict`, `GET /health`, `GET /metadata` and `GET /metrics`. Every route but `/health`
 * (which probes call without credentials) is authenticated first, unknown paths included.
 * @throws HttpError 401, 404 or 405; whatever the predict route throws.
 */
export async function routeRequest(request: IncomingMessage, response: ServerResponse, context: RouteContext): Promise<void> {
  const { predictor, closingHeaders } = context;
  const path = (request.url ?? '/').split('?', 1)[0];
  const allow = (method: string): void => {
    if (request.method !== method && !(method === 'GET' && request.method === 'HEAD')) {
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} answers ${method} only, not ${request.method}. Send a ${method} request.`);
    }
  };
  if (path === '/health') {
    allow('GET');
    if (!predictor.isReady) {
      sendJson(response, 503, { status: 'unavailable', message: 'No model is loaded yet: deploy one to the target.' }, { ...closingHeaders(), 'retry-after': '1' });
      return;
    }
    sendJson(response, 200, { status: 'ok', version: predictor.info().version }, closingHeaders());
    return;
  }
  context.authenticate(request);
  switch (path) {
    case '/predict':
      allow('POST');
      return handlePredict(request, response, predictor, context.bodyLimitBytes, closingHeaders);
    case '/metadata':
      allow('GET');
      sendJson(response, 200, modelInfoForClients(predictor.info(), context.exposeModelLocation), closingHeaders());
      return;
    case '/metrics':
      if (context.metrics !== undefined) {
        allow('GET');
        return context.metrics.send(response, closingHeaders());
      }
    // falls through: with metrics off, /metrics is a path like any unknown one
    default:
      throw new HttpError(404, 'NOT_FOUND', `There is no ${path}. Use POST /predict, GET /health, GET /metadata${context.metrics ? ' or GET /metrics' : ''}.`);
  }
}
