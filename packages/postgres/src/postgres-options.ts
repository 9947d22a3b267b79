import { MLOpsError } from '@mlops-ts/core';
import type { PoolConfig } from 'pg';
import { parse } from 'pg-connection-string';
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
 * The connection string is checked here with pg's own parser (`pg-connection-string`),
 * so a malformed one fails at once, in a message that does not repeat it.
 *
 * @throws MLOpsError INVALID_ARGUMENT for an empty, malformed or keyword/value connection string, or a bad schema name.
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
  if (typeof options.connectionString === 'string') checkConnectionString(options.connectionString);
  if (options.schema !== undefined && (typeof options.schema !== 'string' || options.schema === '' || Buffer.byteLength(options.schema) > 63)) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The schema ${JSON.stringify(options.schema)} is not a PostgreSQL schema name. Pass 1 to 63 bytes of text, such as 'mlops'.`,
      { providerId: postgresProviderId },
    );
  }
  return options;
}

/**
 * Fails unless pg reads `connectionString` as a URL (or a socket path). pg would take a
 * keyword/value string (`host=… password=…`) for the name of a database, password
 * included, on a host called 'base'.
 */
function checkConnectionString(connectionString: string): void {
  const text = connectionString.trim();
  const example = "Use a URL such as 'postgres://user:password@host:5432/database' (percent-encode '@', ':' and '/' in the password), or an options object.";
  if (!text.startsWith('/') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The PostgreSQL connection string is not a URL (pg does not read keyword/value strings such as 'host=… password=…'). ${example}`, {
      providerId: postgresProviderId,
    });
  }
  try {
    parse(text);
  } catch {
    // The URL error holds the input: it does not go along as the cause.
    throw new MLOpsError('INVALID_ARGUMENT', `The PostgreSQL connection string is not a valid URL. ${example}`, { providerId: postgresProviderId });
  }
}

/** "database 'mlops' on 'db.example.com:5432'" for messages, without the password. */
export function describePostgresTarget(options: PostgresOptions): string {
  let host = options.host;
  let port = options.port;
  let database = options.database;
  if (options.connectionString) {
    try {
      const parsed = parse(options.connectionString.trim());
      host ??= parsed.host || undefined;
      port ??= parsed.port ? Number(parsed.port) : undefined;
      database ??= parsed.database || undefined;
    } catch {
      // Checked by resolvePostgresOptions; keep what the options say.
    }
  }
  const schema = options.schema ? `, schema '${options.schema}'` : '';
  return `database '${database ?? process.env.PGDATABASE ?? 'postgres'}' on '${host ?? process.env.PGHOST ?? 'localhost'}:${port ?? process.env.PGPORT ?? 5432}'${schema}`;
}
