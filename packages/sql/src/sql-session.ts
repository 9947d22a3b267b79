import { bindPlaceholders } from './placeholders.js';
import type { SqlExecutor } from './sql-database.js';
import type { SqlDialect, SqlStatementPlan } from './sql-dialect.js';

/**
 * What the shared queries work with inside one transaction: the executor, with `?`
 * placeholders converted to the dialect's form, plus the dialect and the provider's
 * identity for error messages.
 */
export class SqlSession {
  constructor(
    readonly executor: SqlExecutor,
    readonly dialect: SqlDialect,
    /** The provider id errors carry. */
    readonly providerId: string,
  ) {}

  /** Rows of a query as objects. */
  all<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.executor.query<Row>(bindPlaceholders(sql, this.dialect), params);
  }

  /** Rows of a query as arrays of column values. */
  arrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    return this.executor.queryArrays(bindPlaceholders(sql, this.dialect), params);
  }

  /** The first row of a query, or undefined. */
  async first<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return (await this.all<Row>(sql, params))[0];
  }

  /** Runs a statement; resolves with the number of changed rows. */
  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.executor.execute(bindPlaceholders(sql, this.dialect), params);
  }

  /** Runs the statements a dialect planned (bulk inserts and upserts), in order. */
  async runPlans(plans: readonly SqlStatementPlan[]): Promise<void> {
    for (const plan of plans) {
      const sql = bindPlaceholders(plan.sql, this.dialect);
      if ('columns' in plan) await this.executor.executeBatch(sql, plan.columns);
      else await this.executor.execute(sql, plan.params);
    }
  }
}

/**
 * Splits `values` into chunks small enough to bind in one statement next to `reserved`
 * other parameters, so `IN (…)` lists respect SQL Server's 2,100-parameter limit.
 */
export function chunkForParameters<T>(values: readonly T[], dialect: SqlDialect, reserved = 0): T[][] {
  const size = Math.max(1, Math.min(1_000, dialect.capabilities.maxParameters - reserved - 10));
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/** `?, ?, ?` for `count` values. */
export function placeholderList(count: number): string {
  return count <= 0 ? '' : `${'?, '.repeat(count - 1)}?`;
}
