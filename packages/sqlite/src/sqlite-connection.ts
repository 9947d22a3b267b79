import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Database as DatabaseHandle, type Statement } from 'better-sqlite3';
import { MLOpsError } from '@mlops-ts/core';
import { migrate } from './migrations.js';
import { isBusyError, sqliteProviderId, translateSqliteError } from './sqlite-errors.js';

/** How long to keep retrying, after SQLite's own busy timeout, before giving up with UNAVAILABLE. */
const busyRetryDelaysMs = [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000];

/** Settings of one opened connection. */
export interface SQLiteConnectionOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** How long SQLite itself waits for a lock before reporting SQLITE_BUSY. */
  busyTimeoutMs: number;
}

/**
 * One better-sqlite3 connection with the store's pragmas, its migrated schema, a cache of
 * prepared statements and transactions that retry while other processes hold the lock.
 */
export class SQLiteConnection {
  readonly path: string;
  readonly #database: DatabaseHandle;
  readonly #statements = new Map<string, Statement>();

  private constructor(database: DatabaseHandle, databasePath: string) {
    this.#database = database;
    this.path = databasePath;
  }

  /**
   * Opens (creating if missing) the database and its folder, applies the pragmas and
   * runs pending migrations.
   *
   * @throws MLOpsError UNAVAILABLE when the file cannot be opened; UNSUPPORTED when a
   * newer version of this package created it.
   */
  static async open(options: SQLiteConnectionOptions): Promise<SQLiteConnection> {
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
      await retryWhileBusy(() => migrate(database, databasePath), databasePath);
    } catch (error) {
      database.close();
      throw translateSqliteError(error, databasePath);
    }
    return new SQLiteConnection(database, databasePath);
  }

  /** A prepared statement for `sql`, compiled once per connection. */
  statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `work` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so
   * the transaction never fails half-way on a lock. All or nothing; retried as a whole
   * while another connection holds the lock; native errors are translated.
   */
  write<T>(work: () => T): Promise<T> {
    return this.#transaction('BEGIN IMMEDIATE', work);
  }

  /** Runs `work` in a read transaction, so its queries see one consistent snapshot. */
  read<T>(work: () => T): Promise<T> {
    return this.#transaction('BEGIN', work);
  }

  /** Closes the connection; statements prepared on it become unusable. */
  close(): void {
    this.#statements.clear();
    this.#database.close();
  }

  async #transaction<T>(begin: string, work: () => T): Promise<T> {
    if (!this.#database.open) {
      throw new MLOpsError(
        'UNAVAILABLE',
        `The SQLite store for '${this.path}' is closed. Build a new context (or create a new SQLiteMetadataStore) to keep working.`,
        { providerId: sqliteProviderId },
      );
    }
    try {
      return await retryWhileBusy(() => {
        this.statement(begin).run();
        try {
          const result = work();
          this.statement('COMMIT').run();
          return result;
        } catch (error) {
          if (this.#database.inTransaction) this.statement('ROLLBACK').run();
          throw error;
        }
      }, this.path);
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
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
      await new Promise((resolve) => setTimeout(resolve, delayMs * (0.5 + Math.random())));
    }
  }
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
