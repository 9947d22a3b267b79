import type { BulkValues } from './sql-dialect.js';

/**
 * What a transaction is for. 'read' sees one consistent snapshot where the database
 * offers one; 'write' takes whatever lock the database needs so the transaction cannot
 * fail half-way on a lock (SQLite's `BEGIN IMMEDIATE`).
 */
export type SqlTransactionMode = 'read' | 'write';

/**
 * Runs statements inside one transaction. SQL text is final: placeholders are already in
 * the dialect's form (the shared layer converts them), and every value is bound.
 */
export interface SqlExecutor {
  /** The rows of a query, as objects keyed by column name. */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The rows of a query as arrays of column values, in select-list order (faster for long results). */
  queryArrays(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Runs a statement and resolves with the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs one statement once per row of `columns` (`columns[c][r]` is parameter `c` of
   * row `r`), in order. Drivers with cheap round-trips (SQLite) reuse one prepared
   * statement; others may send one at a time.
   */
  executeBatch(sql: string, columns: BulkValues): Promise<void>;
}

/**
 * A connected database as a provider package opens it: transactions with retries and
 * native-error translation. `SqlMetadataStore` does everything else.
 */
export interface SqlDatabase {
  /**
   * Runs `work` in one transaction and commits, or rolls back when it throws. The
   * provider retries the whole `work` on transient conflicts (SQLite busy, PostgreSQL
   * serialization failures and deadlocks, SQL Server deadlocks), so `work` must only
   * touch the database through `executor`. Native errors reach the caller as
   * `MLOpsError`s; `MLOpsError`s thrown by `work` pass through unchanged.
   */
  transaction<T>(mode: SqlTransactionMode, work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  /** Releases connections. The database cannot be used afterwards. */
  close(): Promise<void>;
}
