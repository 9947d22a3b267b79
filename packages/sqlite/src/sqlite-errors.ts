import { MLOpsError } from '@mlops-ts/core';

/** The id this provider puts on its errors and exposes as `providerId`. */
export const sqliteProviderId = 'sqlite';

/** The `code` better-sqlite3 puts on its `SqliteError` (e.g. 'SQLITE_CONSTRAINT_UNIQUE'), if any. */
export function sqliteErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** True for the lock errors that go away when the other writer finishes (worth a retry). */
export function isBusyError(error: unknown): boolean {
  const code = sqliteErrorCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

/**
 * Translates a native SQLite error into an `MLOpsError` whose code callers can branch on.
 * `MLOpsError`s pass through unchanged, so translation is safe to apply twice.
 *
 * @param databasePath the file the store uses, named in messages about the file itself.
 */
export function translateSqliteError(error: unknown, databasePath: string): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  const code = sqliteErrorCode(error) ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  const options = { cause: error, providerId: sqliteProviderId };

  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new MLOpsError(
      'NOT_FOUND',
      `A record this write refers to (an experiment, run, artifact, registered model or deployment target) does not exist in '${databasePath}'. Check the ids you passed, or create the referenced record first.`,
      options,
    );
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new MLOpsError(
      'CONFLICT',
      `A record with the same key already exists (${reason}). Use a new id or name, or read the stored record instead of creating it again.`,
      options,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') {
    return new MLOpsError(
      'UNAVAILABLE',
      `The SQLite database '${databasePath}' stayed locked by other writers after repeated retries (${reason}). Retry later, or raise busyTimeoutMs in useSQLite({ path, busyTimeoutMs }).`,
      options,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new MLOpsError(
      'UNAVAILABLE',
      `SQLite cannot open the database file '${databasePath}' (${reason}). Check that its folder exists and is writable, or pass another path to useSQLite().`,
      options,
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `The SQLite database '${databasePath}' cannot be written (${reason}). Give this process write access to the file and its folder, or pass another path to useSQLite().`,
      options,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new MLOpsError(
      'INVALID_ARGUMENT',
      `The file '${databasePath}' is not a SQLite database (${reason}). Point useSQLite() at a new file or at a database created by @mlops-ts/sqlite.`,
      options,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new MLOpsError(
      'INTEGRITY',
      `The SQLite database '${databasePath}' is damaged (${reason}). Restore it from a backup, or recover it with the sqlite3 shell's .recover command.`,
      options,
    );
  }
  if (code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_IOERR')) {
    return new MLOpsError(
      'UNAVAILABLE',
      `Writing the SQLite database '${databasePath}' failed (${reason}). Check the free disk space and the health of the volume, then retry.`,
      options,
    );
  }
  return new MLOpsError(
    'INTERNAL',
    `The SQLite store failed unexpectedly on '${databasePath}' (${reason}). Report this with the stack trace if it happens again.`,
    options,
  );
}
