import { MLOpsError } from '@mlops-ts/core';

/** The id this provider puts on its errors and exposes as `providerId`. */
export const sqlServerProviderId = 'sql-server';

/** The SQL Server error number of a native error (e.g. 2627), if any. */
export function sqlServerErrorNumber(error: unknown): number | undefined {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
    const { number, info, originalError } = current as { number?: unknown; info?: { number?: unknown }; originalError?: unknown };
    if (typeof number === 'number') return number;
    if (typeof info?.number === 'number') return info.number;
    current = originalError;
  }
  return undefined;
}

/** The driver's error code (mssql/tedious: 'ELOGIN', 'ESOCKET', 'ETIMEOUT' …), if any. */
export function sqlServerErrorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

/** True for deadlock victims (1205) and snapshot update conflicts (3960): the whole transaction may be retried. */
export function isRetryableError(error: unknown): boolean {
  const number = sqlServerErrorNumber(error);
  return number === 1205 || number === 3960;
}

/** Azure SQL's transient conditions: the database is moving, busy or throttling. */
const transientNumbers = new Set([4060, 40197, 40501, 40613, 49918, 49919, 49920, 10928, 10929, 4221, 233, 10053, 10054, 10060]);
const connectionCodes = new Set(['ESOCKET', 'ETIMEOUT', 'ECONNCLOSED', 'EINSTLOOKUP', 'ECONNREFUSED', 'ENOTOPEN', 'ENOCONN']);

/**
 * Translates a native SQL Server (mssql/tedious) error into an `MLOpsError` whose code
 * callers can branch on. `MLOpsError`s pass through unchanged.
 *
 * @param target names the server and database in messages, e.g. "database 'mlops' on 'x.database.windows.net:1433'".
 */
export function translateSqlServerError(error: unknown, target: string): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  const number = sqlServerErrorNumber(error);
  const code = sqlServerErrorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const options = { cause: error, providerId: sqlServerProviderId };

  if (number === 547) {
    return new MLOpsError(
      'NOT_FOUND',
      `A record this write refers to (an experiment, run, artifact, registered model or deployment target) does not exist in the SQL Server ${target}. Check the ids you passed, or create the referenced record first.`,
      options,
    );
  }
  if (number === 2627 || number === 2601) {
    return new MLOpsError(
      'CONFLICT',
      `A record with the same key already exists (${reason}). Use a new id or name, or read the stored record instead of creating it again.`,
      options,
    );
  }
  if (number === 2628 || number === 8152) {
    return new MLOpsError(
      'INVALID_ARGUMENT',
      `A value is longer than its SQL Server column allows (${reason}). Shorten it: names and keys hold up to 450 characters there, artifact names up to 780.`,
      options,
    );
  }
  if (number === 1205 || number === 3960) {
    return new MLOpsError(
      'UNAVAILABLE',
      `The SQL Server ${target} kept choosing this transaction as a deadlock victim after repeated retries (${reason}). Retry later, or spread the writers out.`,
      options,
    );
  }
  if (number === 18456 || number === 18452 || code === 'ELOGIN') {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `The SQL Server ${target} refused the login (${reason}). Check the user and password (or authentication) in useSQLServer(), and that the login may open the database.`,
      options,
    );
  }
  if (number === 229 || number === 262 || number === 1088 || number === 2760) {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `The SQL Server ${target} denied a permission (${reason}). Grant the user SELECT, INSERT, UPDATE and DELETE, and CREATE TABLE for the first migration.`,
      options,
    );
  }
  if (connectionCodes.has(code) || (number !== undefined && transientNumbers.has(number))) {
    return new MLOpsError(
      'UNAVAILABLE',
      `The SQL Server ${target} cannot be reached or is busy (${reason}). Check that the server is running, that the firewall lets this machine in, and the server and port in useSQLServer(); then retry.`,
      options,
    );
  }
  return new MLOpsError(
    'INTERNAL',
    `The SQL Server store failed unexpectedly on the ${target} (${reason}). Report this with the stack trace if it happens again.`,
    options,
  );
}
