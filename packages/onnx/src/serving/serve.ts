import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MLOpsError, type MLOpsContext } from '@mlops-ts/core';

import type { DeployedModelPredictor } from '../predictor/deployed-model-predictor.js';
import { loadDeployedModel } from '../predictor/load-deployed-model.js';
import { bearerTokenCheck } from './bearer-token.js';
import { clientErrorOf, internalError, sendError } from './http-response.js';
import { loadModelFile, type ModelFileDescription, type ModelFilePredictor } from './model-file-predictor.js';
import { routeRequest, type RouteContext, type ServingPredictor } from './route-request.js';
import { resolveServeOptions, type ServeOptions } from './serve-options.js';
import { ServeMetrics } from '../monitoring/prometheus-metrics.js';

export type { ServeOptions } from './serve-options.js';

/**
 * Options of `serve({ modelFile })`: one ONNX file, loaded once, with no store behind it
 * (what a container image of a model runs). The server options are those of {@link ServeOptions}.
 */
export interface ServeModelFileOptions extends Omit<ServeOptions, 'model' | 'experiment' | 'target' | 'pollIntervalMs' | 'onReload' | 'onReloadError'> {
  /** Path of the ONNX file to serve. */
  modelFile: string;
  /** What the file is (registered model name, version, run, SHA-256), shown by `GET /metadata`; a given SHA-256 is checked before loading. */
  model?: ModelFileDescription;
  /**
   * The context `monitor` reads the training data of `model.runId` from and logs drift
   * reports to, e.g. `await loadContext()` with `MLOPS_TRACKING_URI` set. Used for nothing
   * else: the model is still the file. Required with `monitor`.
   */
  mlops?: MLOpsContext;
}

/** A running model server. */
export interface ModelServer<Predictor extends ServingPredictor = DeployedModelPredictor> {
  /** The port it listens on (the one picked when `port` was 0). */
  port: number;
  /** Base URL, e.g. 'http://127.0.0.1:8080'. */
  url: string;
  /** The predictor behind `/predict`, e.g. to listen to its `reload` events. */
  predictor: Predictor;
  /** The underlying node:http server. */
  server: Server;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to `shutdownTimeoutMs`),
   * then releases the model. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Serves the model deployed to a target over HTTP, following new deployments without a restart:
 * `POST /predict` (a JSON body shaped like `predict`'s input, or `{ "instances": [ … ] }` for
 * a batch), `GET /health` and `GET /metadata`. Answers 503 while no model is deployed, 400
 * with a JSON error for malformed JSON or input that does not fit the model, 413 above
 * `bodyLimitBytes` or `maxElements`, 415 for a body not sent as `application/json`, 401
 * without the bearer token when one is set, 408 to clients slower than the timeouts, and a
 * bare "internal error" with a log id for anything else (the cause goes to `logger`).
 *
 * @throws MLOpsError `INVALID_ARGUMENT` for bad options; `UNAVAILABLE` when the port cannot be bound.
 * @example
 * const server = await serve(mlops, { experiment: 'iris', target: 'Production', port: 8080 });
 * // curl -H 'content-type: application/json' -d '{"X":[5.1,3.5,1.4,0.2]}' http://127.0.0.1:8080/predict
 * process.once('SIGTERM', () => void server.close());
 */
export async function serve(mlops: MLOpsContext, options: ServeOptions): Promise<ModelServer>;
/**
 * Serves one ONNX file with no store behind it: the same routes, loaded once, never
 * reloaded. `/metadata` shows the registered model, version and hash given in `model`.
 * @throws MLOpsError `NOT_FOUND` for a missing file, `INTEGRITY` for a file whose SHA-256
 *   is not `model.sha256`, as well as the errors of the other form.
 * @example
 * const server = await serve({ modelFile: '/model/model.onnx', model: { model: 'iris', version: 3 }, host: '0.0.0.0', port: 8080 });
 */
export async function serve(options: ServeModelFileOptions): Promise<ModelServer<ModelFilePredictor>>;
export async function serve(first: MLOpsContext | ServeModelFileOptions, second?: ServeOptions): Promise<ModelServer<ServingPredictor>> {
  const fileOptions = second === undefined && first !== null && typeof first === 'object' && 'modelFile' in first ? first : undefined;
  const options = (fileOptions ?? second) as ServeOptions;
  const settings = resolveServeOptions(options);
  const { port, host, shutdownTimeoutMs, token, logger } = settings;
  const predictor: ServingPredictor = fileOptions
    ? await loadModelFile(fileOptions.modelFile, fileOptions)
    : await loadDeployedModel(first as MLOpsContext, { ...options, allowEmpty: true });

  let inFlight = 0;
  let isClosing = false;
  let onIdle: (() => void) | undefined;
  const closingHeaders = (): Record<string, string> => (isClosing ? { connection: 'close' } : {});
  const context: RouteContext = {
    predictor,
    bodyLimitBytes: settings.bodyLimitBytes,
    exposeModelLocation: settings.exposeModelLocation,
    authenticate: token === undefined ? () => undefined : bearerTokenCheck(token),
    closingHeaders,
    metrics: settings.metrics ? new ServeMetrics(predictor) : undefined,
  };
  const server = createServer(
    {
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      // Node enforces both timeouts when it checks its connections (every 30 s by default):
      // checking more often keeps a slow client from holding a socket much past them.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(settings.headersTimeoutMs / 2))),
    },
    (request, response) => {
      inFlight++;
      context.metrics?.track(request, response);
      response.once('close', () => {
        inFlight--;
        if (inFlight === 0) onIdle?.();
      });
      routeRequest(request, response, context).catch((error: unknown) => {
        let answer = clientErrorOf(error);
        if (answer === undefined) {
          const logId = randomUUID();
          answer = internalError(logId);
          const path = (request.url ?? '/').split('?', 1)[0];
          log(logger, `@mlops-ts/onnx serve: request ${logId} (${request.method} ${path}) failed`, error);
        }
        if (response.headersSent) response.destroy();
        // A body left unread (401, 413, 415 …) cannot be skipped reliably: the connection ends after the answer.
        else sendError(response, answer, request.complete ? closingHeaders() : { connection: 'close' });
        request.resume();
      });
    },
  );
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.maxConnections = settings.maxConnections;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (cause) {
    await predictor.close();
    throw new MLOpsError('UNAVAILABLE', `Cannot listen on ${host}:${port} (${(cause as Error).message}). Choose another port, or pass port: 0 for a free one.`, { cause });
  }
  const address = server.address() as AddressInfo;
  const urlHost = address.address.includes(':') ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      isClosing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, shutdownTimeoutMs);
          onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      // Keep-alive connections that carry no request now; those that answered with
      // 'connection: close' end by themselves.
      server.closeIdleConnections();
      const cutOff = setTimeout(() => server.closeAllConnections(), inFlight > 0 ? 0 : shutdownTimeoutMs);
      await closed;
      clearTimeout(cutOff);
      await predictor.close();
    })();
    return closing;
  };

  return { port: address.port, url: `http://${urlHost}:${address.port}`, predictor, server, close };
}

/** Logs through the caller's logger; a logger that throws falls back to the console rather than crashing the server. */
function log(logger: (message: string, error: unknown) => void, message: string, error: unknown): void {
  try {
    logger(message, error);
  } catch (loggerError) {
    console.error(message, error, loggerError);
  }
}
