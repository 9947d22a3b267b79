import { isNetworkError, MLOpsError } from '@mlops-ts/core';

/** The id this provider puts on its errors and exposes as `providerId`. */
export const cosmosProviderId = 'cosmos';

// The same conditions as they appear in the message of an error whose code was lost
// (the SDK rethrows transactional batch failures as a plain `Error('Batch request error: …')`).
const networkErrorMessage = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up|timed? ?out|aborted|Request rate is large|ServiceUnavailable/i;

// A refused authorization whose status code was lost in the same way.
const permissionMessage = /\b(401|403)\b|unauthori[sz]ed|forbidden|authorization token/i;

/** The HTTP status of a Cosmos DB error (`ErrorResponse.code`), if it has one. */
export function cosmosStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown; statusCode?: unknown }).code ?? (error as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** True when the error means the service was unreachable, too slow, or still throttling after the SDK's retries. */
export function isUnavailableError(error: unknown): boolean {
  const status = cosmosStatusOf(error);
  if (status !== undefined) return status === 408 || status === 429 || status === 449 || status === 503 || status === 410;
  if (typeof error !== 'object' || error === null) return false;
  // Socket errors by code, also along the cause chain; Azure's pipeline reports some as REQUEST_SEND_ERROR.
  if (isNetworkError(error, { extraCodes: ['REQUEST_SEND_ERROR'] })) return true;
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  return error instanceof Error && networkErrorMessage.test(error.message);
}

/**
 * Translates an error of the Cosmos DB SDK into an `MLOpsError` whose code callers branch
 * on: 404 NOT_FOUND, 409 CONFLICT, 412 CONFLICT (when retrying could not resolve it),
 * 401/403 PERMISSION_DENIED, 400/413 INVALID_ARGUMENT, throttling that outlasted the
 * SDK's retry options, timeouts and refused connections UNAVAILABLE. `MLOpsError`s pass
 * through unchanged.
 *
 * @param what What the store was doing, for the message (e.g. "Reading run '…'").
 */
export function translateCosmosError(error: unknown, what: string): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  const status = cosmosStatusOf(error);
  const reason = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error);
  const options = { cause: error, providerId: cosmosProviderId };

  if (isUnavailableError(error)) {
    const throttled = status === 429 || /Request rate is large/i.test(reason);
    return new MLOpsError(
      'UNAVAILABLE',
      throttled
        ? `${what} failed: Cosmos DB kept throttling the request (429) after the SDK's retries (${reason}). Raise the container's or database's throughput, or the retry limits in clientOptions.connectionPolicy.retryOptions.`
        : `${what} failed: Cosmos DB could not be reached or did not answer in time (${reason}). Check the endpoint, the network and the service's health, then retry.`,
      options,
    );
  }
  if (status === 401 || status === 403 || (status === undefined && permissionMessage.test(reason))) {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `${what} was refused by Cosmos DB (${status}: ${reason}). Check the account key, or grant the credential's identity a Cosmos DB data-plane role such as 'Cosmos DB Built-in Data Contributor'.`,
      options,
    );
  }
  if (status === 404) {
    return new MLOpsError(
      'NOT_FOUND',
      `${what} failed: Cosmos DB has no such database, container or item (${reason}). Check databaseId and containerPrefix, or let the store create them with createIfMissing: true.`,
      options,
    );
  }
  if (status === 409 || status === 412) {
    return new MLOpsError(
      'CONFLICT',
      `${what} conflicted with a concurrent write in Cosmos DB (${status}: ${reason}). Read the current record and retry the change.`,
      options,
    );
  }
  if (status === 400 || status === 413) {
    return new MLOpsError(
      'INVALID_ARGUMENT',
      `${what} was rejected by Cosmos DB as malformed or too large (${status}: ${reason}). Check ids and sizes (an item holds at most 2 MB), or report this with the stack trace.`,
      options,
    );
  }
  return new MLOpsError(
    'INTERNAL',
    `${what} failed unexpectedly in Cosmos DB${status === undefined ? '' : ` (${status})`} (${reason}). Report this with the stack trace if it happens again.`,
    options,
  );
}
