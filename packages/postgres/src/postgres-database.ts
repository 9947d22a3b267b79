import pg from 'pg';
import type { BulkValues, SqlDatabase, SqlExecutor, SqlTransactionMode } from '@mlops-ts/sql';
import type { PostgresDialectSettings } from './postgres-dialect.js';
import { isConnectionError, isRetryableError, translatePostgresError } from './postgres-errors.js';
import type { PostgresOptions } from './postgres-options.js';

/** Pauses before retrying a transaction aborted by a deadlock or serialization failure. */
const retryDelaysMs = [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000];

/**
 * 64-bit integers (counts, epoch milliseconds, steps) come back as numbers: every value
 * the store writes fits a double exactly. Other types keep pg's parsers.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/**
 * A `pg` pool as the `SqlDatabase` the shared store runs on: each transaction on a
 * pooled connection, reads in `REPEATABLE READ READ ONLY` (one snapshot across a read's
 * queries), writes in `READ COMMITTED`, and whole transactions retried on deadlocks and
 * serialization failures.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly #pool: pg.Pool;
  readonly #target: string;
  readonly #schema: string | undefined;
  /** Connections already set up by `#connect`. */
  readonly #prepared = new WeakSet<pg.PoolClient>();

  private constructor(pool: pg.Pool, target: string, schema: string | undefined) {
    this.#pool = pool;
    this.#target = target;
    this.#schema = schema;
  }

  /**
   * Connects, creates the schema if one is named and missing, and finds how `lower()`
   * should fold case for ILIKE.
   *
   * @throws MLOpsError UNAVAILABLE when the server cannot be reached; PERMISSION_DENIED for bad credentials.
   */
  static async open(options: PostgresOptions, target: string, dialect: PostgresDialectSettings): Promise<PostgresDatabase> {
    const { schema, ...poolConfig } = options;
    const pool = new pg.Pool({ ...poolConfig, types });
    // An idle connection the server drops must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const database = new PostgresDatabase(pool, target, schema);
    try {
      const client = await database.#connect();
      try {
        if (schema !== undefined) {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
        }
        const icu = await client.query("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'");
        dialect.lowerCollation = icu.rowCount ? 'und-x-icu' : 'default';
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw translatePostgresError(error, target);
    }
    return database;
  }

  async transaction<T>(mode: SqlTransactionMode, work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      let client: pg.PoolClient;
      try {
        client = await this.#connect();
      } catch (error) {
        throw translatePostgresError(error, this.#target);
      }
      let isBroken = false;
      try {
        await client.query(mode === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
        const result = await work(executorFor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        isBroken = isConnectionError(error);
        if (!isBroken) await client.query('ROLLBACK').catch(() => (isBroken = true));
        const delayMs = retryDelaysMs[retry];
        if (!isRetryableError(error) || delayMs === undefined) throw translatePostgresError(error, this.#target);
        await new Promise((resolve) => setTimeout(resolve, delayMs * (0.5 + Math.random())));
      } finally {
        client.release(isBroken);
      }
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  /**
   * A pooled connection set up once for the store: its search_path points at the store's
   * schema, and JIT compilation is off. The store's queries are short index reads, which
   * JIT never pays back: a down-sampled read's lateral join over 250 buckets is costed as
   * a large scan, and compiling it took 56 ms of a 74 ms statement.
   */
  async #connect(): Promise<pg.PoolClient> {
    const client = await this.#pool.connect();
    if (!this.#prepared.has(client)) {
      try {
        await client.query(this.#schema === undefined ? 'SET jit = off' : `SET jit = off; SET search_path TO ${quoteIdentifier(this.#schema)}`);
      } catch (error) {
        client.release(true);
        throw error;
      }
      this.#prepared.add(client);
    }
    return client;
  }
}

function executorFor(client: pg.PoolClient): SqlExecutor {
  return {
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) => (await client.query({ text: sql, values: params as unknown[] })).rows as Row[],
    queryArrays: async (sql, params = []) => (await client.query({ text: sql, values: params as unknown[], rowMode: 'array' })).rows as unknown[][],
    execute: async (sql, params = []) => (await client.query({ text: sql, values: params as unknown[] })).rowCount ?? 0,
    executeBatch: async (sql: string, columns: BulkValues) => {
      const count = columns[0]?.length ?? 0;
      for (let row = 0; row < count; row++) await client.query(sql, columns.map((column) => column[row]));
    },
  };
}

/** A double-quoted identifier, safe for any name. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
