import mssql from 'mssql';
import type { BulkValues, SqlDatabase, SqlExecutor, SqlTransactionMode } from '@mlops-ts/sql';
import { isRetryableError, translateSqlServerError } from './sql-server-errors.js';
import type { SQLServerOptions } from './sql-server-options.js';

/** Pauses before retrying a transaction chosen as a deadlock victim. */
const retryDelaysMs = [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000];

/**
 * An mssql connection pool as the `SqlDatabase` the shared store runs on: each
 * transaction on one pooled connection in READ COMMITTED, whole transactions retried when
 * SQL Server picks them as deadlock victims (1205).
 */
export class SqlServerDatabase implements SqlDatabase {
  readonly #pool: mssql.ConnectionPool;
  readonly #target: string;

  private constructor(pool: mssql.ConnectionPool, target: string) {
    this.#pool = pool;
    this.#target = target;
  }

  /**
   * Connects the pool.
   *
   * @throws MLOpsError UNAVAILABLE when the server cannot be reached; PERMISSION_DENIED for a refused login.
   */
  static async open(options: SQLServerOptions, target: string): Promise<SqlServerDatabase> {
    const pool = new mssql.ConnectionPool(options);
    // Errors of idle connections must not crash the process; the next request reconnects.
    pool.on('error', () => undefined);
    try {
      await pool.connect();
    } catch (error) {
      await pool.close().catch(() => undefined);
      throw translateSqlServerError(error, target);
    }
    return new SqlServerDatabase(pool, target);
  }

  async transaction<T>(_mode: SqlTransactionMode, work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      const transaction = new mssql.Transaction(this.#pool);
      try {
        await transaction.begin(mssql.ISOLATION_LEVEL.READ_COMMITTED);
      } catch (error) {
        throw translateSqlServerError(error, this.#target);
      }
      try {
        const result = await work(executorFor(transaction));
        await transaction.commit();
        return result;
      } catch (error) {
        // A deadlock victim's transaction is already rolled back by the server.
        await transaction.rollback().catch(() => undefined);
        const delayMs = retryDelaysMs[retry];
        if (!isRetryableError(error) || delayMs === undefined) throw translateSqlServerError(error, this.#target);
        await new Promise((resolve) => setTimeout(resolve, delayMs * (0.5 + Math.random())));
      }
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/**
 * A request on the transaction with `params` bound as @p1, @p2 …. Numbers get an explicit
 * type: mssql would bind any whole number beyond 32 bits as BIGINT, which rejects whole
 * doubles such as 1e300 or Number.MAX_VALUE (valid metric values). Other values keep
 * mssql's inference (strings as NVARCHAR, null, booleans as BIT).
 */
function requestFor(transaction: mssql.Transaction, params: readonly unknown[]): mssql.Request {
  const request = new mssql.Request(transaction);
  params.forEach((value, index) => {
    if (typeof value === 'number') request.input(`p${index + 1}`, numberType(value), value);
    else request.input(`p${index + 1}`, value);
  });
  return request;
}

/** INT or BIGINT for whole numbers a 64-bit integer column holds exactly, FLOAT for every other double. */
export function numberType(value: number): typeof mssql.Int | typeof mssql.BigInt | typeof mssql.Float {
  if (!Number.isSafeInteger(value)) return mssql.Float;
  return value >= -2_147_483_648 && value <= 2_147_483_647 ? mssql.Int : mssql.BigInt;
}

function executorFor(transaction: mssql.Transaction): SqlExecutor {
  return {
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) => ((await requestFor(transaction, params).query(sql)).recordset ?? []) as Row[],
    queryArrays: async (sql, params = []) => {
      const request = requestFor(transaction, params);
      request.arrayRowMode = true;
      return ((await request.query(sql)).recordset ?? []) as unknown as unknown[][];
    },
    execute: async (sql, params = []) => (await requestFor(transaction, params).query(sql)).rowsAffected.reduce((sum, count) => sum + count, 0),
    executeBatch: async (sql: string, columns: BulkValues) => {
      const count = columns[0]?.length ?? 0;
      for (let row = 0; row < count; row++) await requestFor(transaction, columns.map((column) => column[row])).query(sql);
    },
  };
}
