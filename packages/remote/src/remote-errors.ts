import { isNetworkError, MLOpsError, type MLOpsErrorCode } from '@mlops-ts/core';
import { remoteProviderId } from './remote-tracking-options.js';

const errorCodes: ReadonlySet<string> = new Set<MLOpsErrorCode>(['NOT_FOUND', 'CONFLICT', 'INVALID_ARGUMENT', 'UNAVAILABLE', 'UNSUPPORTED', 'PERMISSION_DENIED', 'INTEGRITY', 'INTERNAL']);

/** Codes undici gives a socket that closed, stalled or could not connect, besides Node's own. */
const undiciNetworkCodes = ['UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED'];

/**
 * Failures that happen before a request leaves this machine (no connection was made), so
 * even a call that is not safe to repeat can be sent again.
 */
const neverSentCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'];

/** Whether a fetch failure says the server could not be reached or stopped answering. */
export function isConnectionFailure(error: unknown): boolean {
  return isNetworkError(error, { extraCodes: undiciNetworkCodes }) || isTimeout(error);
}

/** Whether a fetch failure happened before any byte of the request reached the server. */
export function isNeverSent(error: unknown): boolean {
  let candidate: unknown = error;
  for (let depth = 0; depth < 5 && typeof candidate === 'object' && candidate !== null; depth++) {
    const { code, cause } = candidate as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return neverSentCodes.includes(code);
    candidate = cause;
  }
  return false;
}

/** Whether the call was abandoned because it took longer than `requestTimeoutMs`. */
export function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'TimeoutError';
}

/** UNAVAILABLE for a call that could not reach the server (the cause kept, without the token). */
export function unreachable(serverUrl: string, action: string, cause: unknown, attempts: number): MLOpsError {
  const what = isTimeout(cause) ? 'did not answer in time' : 'could not be reached';
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  return new MLOpsError(
    'UNAVAILABLE',
    `The tracking server at ${serverUrl} ${what} to ${action}${tries}. Check that it runs and that this machine reaches it; the call can be repeated once it answers.`,
    { providerId: remoteProviderId, cause },
  );
}

/**
 * The MLOpsError a failed answer stands for: the server's own `{ code, message }` when it
 * sent one, else (a proxy's page, a server of another kind) a code from the status.
 */
export async function errorFromResponse(response: Response, serverUrl: string, action: string, method?: string): Promise<MLOpsError> {
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (method === 'HEAD') {
    // A HEAD answer has no body: its status is all the server says.
    return new MLOpsError(codeOfStatus(response.status), `The tracking server at ${serverUrl} answered ${status} to ${action}.`, { providerId: remoteProviderId });
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && errorCodes.has(code) && typeof message === 'string') {
    return new MLOpsError(code as MLOpsErrorCode, message, { providerId: remoteProviderId });
  }
  const foreign = new MLOpsError(
    codeOfStatus(response.status),
    `The tracking server at ${serverUrl} answered ${status} to ${action}, without an error of its own. Check that the URL points at an @mlops-ts/server (a proxy in front of it may have answered).`,
    { providerId: remoteProviderId },
  );
  foreignAnswers.add(foreign);
  return foreign;
}

/** Errors made from answers that are not the server's own (a proxy's page, another service). */
const foreignAnswers = new WeakSet<object>();

/** Whether the error stands for the server's own NOT_FOUND (a record it does not have), not a page of something else. */
export function isServersNotFound(error: unknown): boolean {
  return MLOpsError.hasCode(error, 'NOT_FOUND') && !foreignAnswers.has(error);
}

function codeOfStatus(status: number): MLOpsErrorCode {
  if (status === 401 || status === 403) return 'PERMISSION_DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 501) return 'UNSUPPORTED';
  if (status === 502 || status === 503 || status === 504) return 'UNAVAILABLE';
  if (status >= 400 && status < 500) return 'INVALID_ARGUMENT';
  return 'INTERNAL';
}
