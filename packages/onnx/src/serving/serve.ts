import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MLOpsError, type MLOpsContext } from '@mlops-ts/core';

import type { DeployedModelPredictor, LoadDeployedModelOptions } from '../predictor/deployed-model-predictor.js';
import { loadDeployedModel } from '../predictor/load-deployed-model.js';
import { HttpError, sendError, sendJson, statusOf } from './http-response.js';
import { handlePredict } from './predict-route.js';

/** Options of {@link serve}. */
export interface ServeOptions extends Omit<LoadDeployedModelOptions, 'allowEmpty'> {
  /** TCP port; 0 picks a free one (read it from the result). */
  port: number;
  /** Interface to bind. Default '127.0.0.1' (this machine only); '0.0.0.0' or '::' to accept other machines. */
  host?: string;
  /** Largest accepted request body, in bytes; larger ones get 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** How long `close()` waits for in-flight requests before cutting connections, in milliseconds. Default 10000. */
  shutdownTimeoutMs?: number;
  /** Called with errors that made a request fail with 500. Default: printed with console.error. */
  onRequestError?: (error: unknown, request: IncomingMessage) => void;
}

/** A running model server. */
export interface ModelServer {
  /** The port it listens on (the one picked when `port` was 0). */
  port: number;
  /** Base URL, e.g. 'http://127.0.0.1:8080'. */
  url: string;
  /** The predictor behind `/predict`, e.g. to listen to its `reload` events. */
  predictor: DeployedModelPredictor;
  /** The underlying node:http server. */
  server: Server;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to `shutdownTimeoutMs`),
   * then releases the model. Safe to call twice.
   */
  close(): Promise<void>;
}

const defaultBodyLimitBytes = 1024 * 1024;
const defaultShutdownTimeoutMs = 10_000;

/**
 * Serves the model deployed to a target over HTTP, following new deployments without a restart:
 * `POST /predict` (a body shaped like `predict`'s input, or `{ "instances": [ … ] }` for a
 * batch), `GET /health` and `GET /metadata`. Answers 503 while no model is deployed, 400
 * with a JSON error for malformed JSON or input that does not fit the model, 413 above
 * `bodyLimitBytes`.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` for bad options; `UNAVAILABLE` when the port cannot be bound.
 * @example
 * const server = await serve(mlops, { experiment: 'iris', target: 'Production', port: 8080 });
 * // curl -d '{"X":[5.1,3.5,1.4,0.2]}' http://127.0.0.1:8080/predict
 * process.once('SIGTERM', () => void server.close());
 */
export async function serve(mlops: MLOpsContext, options: ServeOptions): Promise<ModelServer> {
  const { port, host = '127.0.0.1', bodyLimitBytes = defaultBodyLimitBytes, shutdownTimeoutMs = defaultShutdownTimeoutMs } = options ?? ({} as ServeOptions);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MLOpsError('INVALID_ARGUMENT', `Port ${String(port)} is not a TCP port. Pass a whole number from 0 to 65535 (0 picks a free port).`);
  }
  if (!Number.isSafeInteger(bodyLimitBytes) || bodyLimitBytes <= 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `bodyLimitBytes is ${String(bodyLimitBytes)}. Pass a positive whole number of bytes, e.g. 1048576.`);
  }
  const onRequestError = options.onRequestError ?? ((error: unknown) => console.error('@mlops-ts/onnx serve: request failed', error));
  const predictor = await loadDeployedModel(mlops, { ...options, allowEmpty: true });

  let inFlight = 0;
  let isClosing = false;
  let onIdle: (() => void) | undefined;
  const server = createServer((request, response) => {
    inFlight++;
    response.once('close', () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    });
    const closingHeaders = (): Record<string, string> => (isClosing ? { connection: 'close' } : {});
    route(request, response, predictor, bodyLimitBytes, closingHeaders).catch((error: unknown) => {
      if (statusOf(error) >= 500 && !MLOpsError.hasCode(error, 'UNAVAILABLE')) onRequestError(error, request);
      if (response.headersSent) response.destroy();
      else sendError(response, error, closingHeaders());
      // Unread body (413, or a failure before reading): discard it so the connection can end cleanly.
      request.resume();
    });
  });

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

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  predictor: DeployedModelPredictor,
  bodyLimitBytes: number,
  closingHeaders: () => Record<string, string>,
): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0];
  const allow = (method: string): void => {
    if (request.method !== method && !(method === 'GET' && request.method === 'HEAD')) {
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${path} answers ${method} only, not ${request.method}. Send a ${method} request.`);
    }
  };
  switch (path) {
    case '/predict':
      allow('POST');
      return handlePredict(request, response, predictor, bodyLimitBytes, closingHeaders);
    case '/health':
      allow('GET');
      if (!predictor.isReady) {
        sendJson(response, 503, { status: 'unavailable', message: 'No model is loaded yet: deploy one to the target.' }, { ...closingHeaders(), 'retry-after': '1' });
        return;
      }
      sendJson(response, 200, { status: 'ok', version: predictor.info().version }, closingHeaders());
      return;
    case '/metadata':
      allow('GET');
      sendJson(response, 200, predictor.info(), closingHeaders());
      return;
    default:
      throw new HttpError(404, 'NOT_FOUND', `There is no ${path}. Use POST /predict, GET /health or GET /metadata.`);
  }
}
