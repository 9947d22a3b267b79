import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as DatabaseHandle, type Statement } from 'better-sqlite3';
import { MLOpsError } from '@mlops-ts/core';
import type { BulkValues, SqlDatabase, SqlExecutor, SqlTransactionMode } from '@mlops-ts/sql';
import { lowerFunctionName } from './sqlite-dialect.js';
import { isBusyError, sqliteProviderId, translateSqliteError } from './sqlite-errors.js';
import { acquireFileQueue, TransactionQueue } from './transaction-queue.js';

/** How long to keep retrying, after SQLite's own busy timeout, before giving up with UNAVAILABLE. */
const busyRetryDelaysMs = [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000];
/** Prepared statements kept per connection; search builds statements on the fly. */
const statementCacheLimit = 500;

/** Settings of one opened connection. */
export interface SQLiteConnectionOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** How long SQLite itself waits for a lock before reporting SQLITE_BUSY. */
  busyTimeoutMs: number;
}

/**
 * One better-sqlite3 connection with the store's pragmas and a cache of prepared
 * statements, as the `SqlDatabase` the shared store runs on. Transactions take turns
 * with every transaction of this process on the same file (see `TransactionQueue`) and
 * retry while other processes hold the lock.
 */
export class SQLiteDatabase implements SqlDatabase {
  readonly path: string;
  readonly #database: DatabaseHandle;
  readonly #statements = new Map<string, Statement>();
  readonly #rawStatements = new Map<string, Statement>();
  readonly #executor: SqlExecutor;
  readonly #queue: TransactionQueue;
  readonly #releaseQueue: () => void;

  private constructor(database: DatabaseHandle, databasePath: string) {
    this.#database = database;
    this.path = databasePath;
    // Connections of this process to one file take turns; a private database has its own queue.
    const shared = isFilePath(databasePath) ? acquireFileQueue(databasePath) : { queue: new TransactionQueue(), release: () => undefined };
    this.#queue = shared.queue;
    this.#releaseQueue = shared.release;
    const statement = (sql: string) => this.#statement(sql);
    const rawStatement = (sql: string) => this.#statement(sql, true);
    this.#executor = {
      query: async <Row extends object>(sql: string, params: readonly unknown[] = []) => statement(sql).all(...params) as Row[],
      queryArrays: async (sql, params = []) => rawStatement(sql).all(...params) as unknown[][],
      execute: async (sql, params = []) => statement(sql).run(...params).changes,
      executeBatch: async (sql, columns) => runForEachRow(statement(sql), columns),
    };
  }

  /**
   * Opens (creating if missing) the database and its folder and applies the pragmas.
   *
   * @throws MLOpsError UNAVAILABLE when the file cannot be opened; INVALID_ARGUMENT when it is not a database.
   */
  static async open(options: SQLiteConnectionOptions): Promise<SQLiteDatabase> {
    const databasePath = options.path;
    if (isFilePath(databasePath)) createParentFolder(databasePath);
    let database: DatabaseHandle;
    try {
      database = new Database(databasePath, { timeout: options.busyTimeoutMs });
    } catch (error) {
      throw translateSqliteError(error, databasePath);
    }
    try {
      // Each pragma is chosen for a reason (see README "Pragmas").
      database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
      database.pragma('foreign_keys = ON');
      if (database.pragma('journal_mode', { simple: true }) !== 'wal') {
        await retryWhileBusy(() => database.pragma('journal_mode = WAL'), databasePath);
      }
      database.pragma('synchronous = NORMAL');
      database.function(lowerFunctionName, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
    } catch (error) {
      database.close();
      throw translateSqliteError(error, databasePath);
    }
    return new SQLiteDatabase(database, databasePath);
  }

  /**
   * Runs `work` in a transaction: `BEGIN IMMEDIATE` for writes (the write lock is taken
   * up front, so the transaction never fails half-way on a lock), a deferred `BEGIN` for
   * reads (one snapshot). All or nothing; retried as a whole while another connection
   * holds the lock; native errors are translated.
   */
  transaction<T>(mode: SqlTransactionMode, work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#queue.run(() => this.#transaction(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN', work));
  }

  /** Closes the connection once the queued transactions end; statements prepared on it become unusable. */
  async close(): Promise<void> {
    await this.#queue.settled();
    this.#releaseQueue();
    this.#statements.clear();
    this.#rawStatements.clear();
    this.#database.close();
  }

  /**
   * One transaction, retried as a whole while another process holds the lock (SQLITE_BUSY
   * after the busy timeout), pausing a little longer each time without blocking the event
   * loop. Written as one loop rather than nested helpers: this is every call's path.
   */
  async #transaction<T>(begin: string, work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    if (!this.#database.open) {
      throw new MLOpsError(
        'UNAVAILABLE',
        `The SQLite store for '${this.path}' is closed. Build a new context (or create a new SQLiteMetadataStore) to keep working.`,
        { providerId: sqliteProviderId },
      );
    }
    for (let retry = 0; ; retry++) {
      try {
        this.#statement(begin).run();
        try {
          const result = await work(this.#executor);
          this.#statement('COMMIT').run();
          return result;
        } catch (error) {
          if (this.#database.inTransaction) this.#statement('ROLLBACK').run();
          throw error;
        }
      } catch (error) {
        const delayMs = busyRetryDelaysMs[retry];
        if (!isBusyError(error) || delayMs === undefined) throw translateSqliteError(error, this.path);
        await pause(delayMs);
      }
    }
  }

  /** A prepared statement for `sql`, compiled once per connection (in raw mode: rows as arrays). */
  #statement(sql: string, isRaw = false): Statement {
    const cache = isRaw ? this.#rawStatements : this.#statements;
    let statement = cache.get(sql);
    if (!statement) {
      statement = this.#database.prepare(sql);
      if (isRaw) statement.raw(true);
      if (cache.size >= statementCacheLimit) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  }
}

/**
 * Runs a prepared statement once per row of column-wise values. The common widths bind
 * their arguments directly: no array is built per row, which keeps bulk logging near the
 * raw driver's speed.
 */
function runForEachRow(statement: Statement, columns: BulkValues): void {
  const count = columns[0]?.length ?? 0;
  const [a, b, c, d, e] = columns as unknown[][];
  switch (columns.length) {
    case 3:
      for (let row = 0; row < count; row++) statement.run(a![row], b![row], c![row]);
      return;
    case 5:
      for (let row = 0; row < count; row++) statement.run(a![row], b![row], c![row], d![row], e![row]);
      return;
    default:
      for (let row = 0; row < count; row++) statement.run(...columns.map((column) => column[row]));
  }
}

/**
 * Calls `attempt` until it stops failing with SQLITE_BUSY, waiting a little longer each
 * time (without blocking the event loop), then gives up with the native error.
 */
async function retryWhileBusy<T>(attempt: () => T, databasePath: string): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return attempt();
    } catch (error) {
      const delayMs = busyRetryDelaysMs[retry];
      if (!isBusyError(error) || delayMs === undefined) throw translateSqliteError(error, databasePath);
      await pause(delayMs);
    }
  }
}

/** Waits about `delayMs` (±50 %, so retrying processes spread out). */
function pause(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs * (0.5 + Math.random())));
}

function isFilePath(databasePath: string): boolean {
  return databasePath !== '' && databasePath !== ':memory:' && !databasePath.startsWith('file:');
}

function createParentFolder(databasePath: string): void {
  const folder = path.dirname(path.resolve(databasePath));
  try {
    mkdirSync(folder, { recursive: true });
  } catch (cause) {
    throw new MLOpsError(
      'UNAVAILABLE',
      `The folder '${folder}' for the SQLite database '${databasePath}' cannot be created (${(cause as Error).message}). Create it yourself or pass another path to useSQLite().`,
      { cause, providerId: sqliteProviderId },
    );
  }
}
