import type { SqlFragment } from './metric-value-codec.js';
import type { BulkColumn, BulkValues, SqlStatementPlan, UpsertCondition } from './sql-dialect.js';
import { placeholderList } from './sql-session.js';

/*
 * Statement builders for databases with `INSERT … ON CONFLICT` and `LIMIT … OFFSET`
 * (SQLite and PostgreSQL), for their dialects to share.
 */

/** `INSERT … ON CONFLICT (…) DO NOTHING` for one row. */
export function onConflictInsertIfAbsent(table: string, columns: readonly string[], conflictColumns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholderList(columns.length)}) ON CONFLICT (${conflictColumns.join(', ')}) DO NOTHING`;
}

/** The `ON CONFLICT (…) DO UPDATE SET …` clause of an upsert. */
export function onConflictUpdateClause(table: string, conflictColumns: readonly string[], updateColumns: readonly string[], condition?: UpsertCondition): string {
  const assignments = updateColumns.map((column) => `${column} = excluded.${column}`).join(', ');
  const where = condition ? ` WHERE ${condition('excluded', table)}` : '';
  return `ON CONFLICT (${conflictColumns.join(', ')}) DO UPDATE SET ${assignments}${where}`;
}

/** `INSERT … ON CONFLICT (…) DO UPDATE SET …` for one row. */
export function onConflictUpsert(
  table: string,
  columns: readonly string[],
  conflictColumns: readonly string[],
  updateColumns: readonly string[],
  condition?: UpsertCondition,
): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholderList(columns.length)}) ${onConflictUpdateClause(table, conflictColumns, updateColumns, condition)}`;
}

/** `LIMIT ? OFFSET ?`. */
export function limitOffsetClause(limit: number, offset: number): SqlFragment {
  return { sql: 'LIMIT ? OFFSET ?', params: [limit, offset] };
}

/** One prepared single-row statement run once per row: the fastest bulk path where round-trips cost nothing (SQLite). */
export function eachRowPlan(sql: string, values: BulkValues): SqlStatementPlan[] {
  return rowCount(values) === 0 ? [] : [{ sql, columns: values }];
}

/** The number of rows in column-wise bulk values. */
export function rowCount(values: BulkValues): number {
  return values[0]?.length ?? 0;
}

/** Column-wise bulk values from rows (for callers with few rows; hot paths fill columns directly). */
export function columnsOfRows(rows: readonly (readonly unknown[])[], columnCount: number): unknown[][] {
  const columns = Array.from({ length: columnCount }, () => new Array<unknown>(rows.length));
  rows.forEach((row, index) => row.forEach((value, column) => (columns[column]![index] = value)));
  return columns;
}

/** The column names of bulk columns, comma-separated. */
export function columnList(columns: readonly BulkColumn[]): string {
  return columns.map((column) => column.name).join(', ');
}
