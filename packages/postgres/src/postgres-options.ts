import { MLOpsError } from '@mlops-ts/core';
import type { PoolConfig } from 'pg';
import { postgresProviderId } from './postgres-errors.js';

/**
 * Options of `PostgresMetadataStore` and `usePostgres()`: any `pg` pool setting
 * (`connectionString`, or `host`, `port`, `user`, `password`, `database`, `ssl`, `max`
 * connections …) plus the schema to keep the tables in.
 */
export interface PostgresOptions extends PoolConfig {
  /**
   * The schema holding the store's tables, created if missing. Default: the first schema
   * of the connection's search_path (usually `public`).
   */
  schema?: string;
}

/**
 * Turns `usePostgres()`'s argument into options: a connection string
 * (`postgres://user:password@host:5432/database?sslmode=require`) or an options object.
 *
 * @throws MLOpsError INVALID_ARGUMENT for an empty connection string or schema name.
 */
export function resolvePostgresOptions(connectionStringOrOptions: string | PostgresOptions): PostgresOptions {
  const options = typeof connectionStringOrOptions === 'string' ? { connectionString: connectionStringOrOptions } : { ...connectionStringOrOptions };
  if (typeof connectionStringOrOptions === 'string' && connectionStringOrOptions.trim() === '') {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      "The PostgreSQL connection string is empty. Pass one such as 'postgres://user:password@localhost:5432/mlops', or an options object.",
      { providerId: postgresProviderId },
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new MLOpsError('INVALID_ARGUMENT', 'usePostgres() takes a connection string or an options object. Pass one of them.', { providerId: postgresProviderId });
  }
  if (options.schema !== undefined && (typeof options.schema !== 'string' || options.schema === '' || Buffer.byteLength(options.schema) > 63)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The schema ${JSON.stringify(options.schema)} is not a PostgreSQL schema name. Pass 1 to 63 bytes of text, such as 'mlops'.`,
      { providerId: postgresProviderId },
    );
  }
  return options;
}

/** "database 'mlops' on 'db.example.com:5432'" for messages, without the password. */
export function describePostgresTarget(options: PostgresOptions): string {
  let host = options.host;
  let port = options.port;
  let database = options.database;
  if (options.connectionString) {
    try {
      const url = new URL(options.connectionString);
      host ??= decodeURIComponent(url.hostname) || undefined;
      port ??= url.port ? Number(url.port) : undefined;
      database ??= decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
    } catch {
      // Not a URL (e.g. a keyword/value string): keep what the options say.
    }
  }
  const schema = options.schema ? `, schema '${options.schema}'` : '';
  return `database '${database ?? process.env.PGDATABASE ?? 'postgres'}' on '${host ?? process.env.PGHOST ?? 'localhost'}:${port ?? process.env.PGPORT ?? 5432}'${schema}`;
}
