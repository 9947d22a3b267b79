import { MLOpsError } from '@mlops-ts/core';

/** The id this provider puts on its errors and exposes as `providerId`. */
export const postgresProviderId = 'postgres';

/** The SQLSTATE (e.g. '23505') or Node.js error code (e.g. 'ECONNREFUSED') of a native error. */
export function postgresErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** True for serialization failures and deadlocks: the whole transaction may be retried. */
export function isRetryableError(error: unknown): boolean {
  const code = postgresErrorCode(error);
  return code === '40001' || code === '40P01';
}

const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** True when the server could not be reached or dropped the connection. */
export function isConnectionError(error: unknown): boolean {
  const code = postgresErrorCode(error);
  if (connectionCodes.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message);
}

/**
 * Translates a native PostgreSQL (pg) error into an `MLOpsError` whose code callers can
 * branch on. `MLOpsError`s pass through unchanged, so translation is safe to apply twice.
 *
 * @param target names the server and database in messages, e.g. "database 'mlops' on 'db:5432'".
 */
export function translatePostgresError(error: unknown, target: string): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  const code = postgresErrorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const options = { cause: error, providerId: postgresProviderId };

  if (code === '23503') {
    return new MLOpsError(
      'NOT_FOUND',
      `A record this write refers to (an experiment, run, artifact, registered model or deployment target) does not exist in the PostgreSQL ${target}. Check the ids you passed, or create the referenced record first.`,
      options,
    );
  }
  if (code === '23505') {
    return new MLOpsError(
      'CONFLICT',
      `A record with the same key already exists (${reason}). Use a new id or name, or read the stored record instead of creating it again.`,
      options,
    );
  }
  if (code === '40001' || code === '40P01') {
    return new MLOpsError(
      'UNAVAILABLE',
      `The PostgreSQL ${target} kept aborting this transaction for conflicting concurrent writes after repeated retries (${reason}). Retry later, or spread the writers out.`,
      options,
    );
  }
  if (isConnectionError(error)) {
    return new MLOpsError(
      'UNAVAILABLE',
      `The PostgreSQL ${target} cannot be reached (${reason}). Check that the server is running and that host, port and network settings in usePostgres() are right.`,
      options,
    );
  }
  if (code === '28P01' || code === '28000' || code === '42501') {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `The PostgreSQL ${target} refused this user (${reason}). Check the user name and password in usePostgres(), and that the user may create tables in the schema.`,
      options,
    );
  }
  if (code === '3D000' || code === '3F000') {
    return new MLOpsError(
      'UNAVAILABLE',
      `The PostgreSQL ${target} does not exist (${reason}). Create it (e.g. with createdb) or point usePostgres() at an existing database.`,
      options,
    );
  }
  if (code === '53100' || code === '53200' || code === '53300' || code === '57014') {
    return new MLOpsError(
      'UNAVAILABLE',
      `The PostgreSQL ${target} is out of resources or cancelled the statement (${reason}). Check disk space, memory and max_connections, then retry.`,
      options,
    );
  }
  return new MLOpsError(
    'INTERNAL',
    `The PostgreSQL store failed unexpectedly on the ${target} (${reason}). Report this with the stack trace if it happens again.`,
    options,
  );
}
