import type { ServerResponse } from 'node:http';
import { MLOpsError } from '@mlops-ts/core';

import { TooManyElementsError } from '../predictor/element-budget.js';

/** An error about the request itself, meant for the HTTP client, with its status and extra headers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** JSON that also carries int64 values past 2^53 (as strings). */
function stringify(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    return JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  }
}

/** Sends a JSON body with its status and length. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** What a client is told about a failed request. */
export interface ClientError {
  status: number;
  code: string;
  message: string;
  headers: Readonly<Record<string, string>>;
}

const unavailable: ClientError = {
  status: 503,
  code: 'UNAVAILABLE',
  message: 'No model is being served right now: none is deployed to the target yet, or the server is shutting down. Retry later.',
  headers: { 'retry-after': '1' },
};

/**
 * What the client may learn about an error, or undefined when it is internal. Only errors
 * about the request itself keep their message (the server's own HttpErrors and
 * `INVALID_ARGUMENT`, which the input check raises); `UNAVAILABLE` gets a fixed message, as
 * its own names the experiment and target; anything else is internal and answered by
 * {@link internalError}, so no path, URI or stack leaves the server.
 */
export function clientErrorOf(error: unknown): ClientError | undefined {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, headers: error.headers };
  if (error instanceof TooManyElementsError) return { status: 413, code: 'TOO_MANY_ELEMENTS', message: error.message, headers: {} };
  if (MLOpsError.hasCode(error, 'INVALID_ARGUMENT')) return { status: 400, code: 'INVALID_ARGUMENT', message: error.message, headers: {} };
  if (MLOpsError.hasCode(error, 'UNAVAILABLE')) return unavailable;
  return undefined;
}

/** The answer to an internal failure: only the id of the server's log line that holds the cause. */
export function internalError(logId: string): ClientError & { logId: string } {
  return { status: 500, code: 'INTERNAL', message: `internal error (log id ${logId}). The server logged the cause under this id.`, headers: {}, logId };
}

/** Sends `{ "error": { "code", "message" } }` (plus `logId` for internal errors). */
export function sendError(response: ServerResponse, error: ClientError & { logId?: string }, headers: Readonly<Record<string, string>> = {}): void {
  const { status, code, message, logId } = error;
  sendJson(response, status, { error: logId === undefined ? { code, message } : { code, message, logId } }, { ...error.headers, ...headers });
}
