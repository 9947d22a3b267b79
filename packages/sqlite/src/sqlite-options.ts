import path from 'node:path';
import { MLOpsError, optionKeys, refuseUnknownOptions } from '@mlops-ts/core';
import { sqliteProviderId } from './sqlite-errors.js';

/** Options of `SQLiteMetadataStore` and `useSQLite()`. */
export interface SQLiteOptions {
  /** The database file (its folder is created if missing), or ':memory:' for a private in-memory database. */
  path: string;
  /**
   * How long SQLite waits for another connection's write lock before the store starts
   * its own retries, in milliseconds. Default 5000.
   */
  busyTimeoutMs?: number;
}

const sqliteOptionKeys = optionKeys<SQLiteOptions>({ path: true, busyTimeoutMs: true });

/** The default of `SQLiteOptions.busyTimeoutMs`. */
export const defaultBusyTimeoutMs = 5000;

/**
 * Checks the options and fills in defaults. A file path is made absolute now, so a
 * later `process.chdir()` does not move the database.
 *
 * @throws MLOpsError INVALID_ARGUMENT for an unknown option, an empty path or a negative busy timeout.
 */
export function resolveSQLiteOptions(options: SQLiteOptions): Required<SQLiteOptions> {
  refuseUnknownOptions('useSQLite()', options, sqliteOptionKeys, sqliteProviderId);
  if (typeof options?.path !== 'string' || options.path.trim() === '') {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The SQLite path '${String(options?.path)}' is not a file path. Pass a path such as 'mlops/mlops.db', or ':memory:'.`,
      { providerId: sqliteProviderId },
    );
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
  if (typeof busyTimeoutMs !== 'number' || !Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `busyTimeoutMs ${String(busyTimeoutMs)} is not a number of milliseconds. Pass 0 or more (default ${defaultBusyTimeoutMs}).`,
      { providerId: sqliteProviderId },
    );
  }
  const isFile = options.path !== ':memory:' && !options.path.startsWith('file:');
  return { path: isFile ? path.resolve(options.path) : options.path, busyTimeoutMs };
}
