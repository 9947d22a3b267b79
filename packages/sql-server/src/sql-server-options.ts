import { MLOpsError } from '@mlops-ts/core';
import type { config as MssqlConfig } from 'mssql';
import { parseSqlServerConnectionString } from './connection-string.js';
import { sqlServerProviderId } from './sql-server-errors.js';

/**
 * Options of `SQLServerMetadataStore` and `useSQLServer()`: an mssql configuration
 * (`server`, `port`, `database`, `user`, `password`, `authentication`, `options.encrypt`,
 * `pool.max` …). The tables live in the login's default schema (usually `dbo`).
 */
export type SQLServerOptions = MssqlConfig;

/**
 * Turns `useSQLServer()`'s argument into an mssql configuration: a connection string in
 * any form `parseSqlServerConnectionString` reads, or a configuration object (copied).
 *
 * @throws MLOpsError INVALID_ARGUMENT for a malformed connection string or a configuration without a server.
 */
export function resolveSQLServerOptions(connectionStringOrOptions: string | SQLServerOptions): SQLServerOptions {
  if (typeof connectionStringOrOptions === 'string') return parseSqlServerConnectionString(connectionStringOrOptions);
  if (typeof connectionStringOrOptions !== 'object' || connectionStringOrOptions === null || typeof connectionStringOrOptions.server !== 'string' || connectionStringOrOptions.server === '') {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      "useSQLServer() needs a connection string or an mssql configuration with a server. Pass e.g. { server: 'myserver.database.windows.net', database: 'mlops', user, password }.",
      { providerId: sqlServerProviderId },
    );
  }
  return { ...connectionStringOrOptions, options: { ...connectionStringOrOptions.options } };
}

/** "database 'mlops' on 'x.database.windows.net:1433'" for messages, without credentials. */
export function describeSqlServerTarget(options: SQLServerOptions): string {
  const instance = options.options?.instanceName ? `\\${options.options.instanceName}` : '';
  // A named instance is found through the browser service: the port is not used.
  const port = instance ? undefined : (options.port ?? 1433);
  return `database '${options.database ?? 'the login default'}' on '${options.server}${instance}${port === undefined ? '' : `:${port}`}'`;
}
