import type { ServerResponse } from 'node:http';
import { MLOpsError } from '@mlops-ts/core';

/** An error meant for the HTTP client, with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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

/** The status for an error: its own for HttpError, 400/503/404 for MLOpsError codes, 500 otherwise. */
export function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (MLOpsError.isInstance(error)) {
    switch (error.code) {
      case 'INVALID_ARGUMENT':
        return 400;
      case 'UNAVAILABLE':
        return 503;
      case 'NOT_FOUND':
        return 404;
      default:
        return 500;
    }
  }
  return 500;
}

/** Sends `{ "error": { "code", "message" } }`; internal errors keep their details out of the body. */
export function sendError(response: ServerResponse, error: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const status = statusOf(error);
  const isKnown = error instanceof HttpError || MLOpsError.isInstance(error);
  const code = isKnown ? (error as { code: string }).code : 'INTERNAL';
  const message = isKnown ? (error as Error).message : 'The server failed to answer the request. See the server log for the cause.';
  // After a 413 the rest of the body is not read: the connection cannot carry another request.
  const extra = status === 503 ? { 'retry-after': '1', ...headers } : status === 413 ? { ...headers, connection: 'close' } : headers;
  sendJson(response, status, { error: { code, message } }, extra);
}
