import type { FilterComparisonOperator } from '@mlops-ts/core';
import type { BulkColumn } from './sql-dialect.js';

/** A SQL condition or expression with the values it binds (`?` placeholders). */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/**
 * How a float64 metric value is stored in one or more columns (`value`, …), compared
 * and sorted. Metric points and latest values use it, so NaN, ±Infinity and -0 survive
 * databases that cannot store them natively.
 *
 * Every method that takes `alias` refers to the columns as `${alias}.${column}`.
 */
export interface MetricValueCodec {
  /** The column definitions inside CREATE TABLE, e.g. 'value double precision'. */
  readonly columnsDdl: string;
  /** The columns, in storage order. */
  readonly columns: readonly BulkColumn[];
  /** Stores `value` as row `index` of the codec's columns, which start at `columns[offset]`. */
  write(columns: readonly unknown[][], offset: number, index: number, value: number): void;
  /** Decodes the value stored in `row[offset]` (and the following columns). */
  read(row: readonly unknown[], offset: number): number;
  /** True when the stored value is NaN. */
  isNaN(alias: string): string;
  /** `value <operator> number` for a finite number; false for NaN. */
  compare(alias: string, operator: FilterComparisonOperator, value: number): SqlFragment;
  /** `value IN (…)` or `value NOT IN (…)` for finite numbers; false for NaN either way. */
  inList(alias: string, values: readonly number[], negated: boolean): SqlFragment;
  /** Expressions that sort non-NaN stored values ascending, most significant first. */
  sortKeys(alias: string): string[];
}

/**
 * The codec for databases whose float column keeps ±Infinity (SQLite, PostgreSQL): one
 * `value` column of `type`, with NULL standing for NaN so that comparisons with NaN are
 * false, as SQL's NULL makes them. `encode` turns a non-NaN number into the bound value
 * (PostgreSQL binds text so that -0 keeps its sign).
 */
export function nullAsNaNMetricValueCodec(type: string, encode: (value: number) => unknown = (value) => value): MetricValueCodec {
  const columnsDdl = type === '' ? 'value' : `value ${type}`;
  return {
    columnsDdl,
    columns: [{ name: 'value', type }],
    write(columns, offset, index, value) {
      columns[offset]![index] = Number.isNaN(value) ? null : encode(value);
    },
    read(row, offset) {
      const stored = row[offset];
      return stored === null || stored === undefined ? Number.NaN : Number(stored);
    },
    isNaN: (alias) => `${alias}.value IS NULL`,
    compare: (alias, operator, value) => ({ sql: `${alias}.value ${sqlOperator(operator)} ?`, params: [value] }),
    inList: (alias, values, negated) => ({
      sql: `${alias}.value ${negated ? 'NOT IN' : 'IN'} (${values.map(() => '?').join(', ')})`,
      params: [...values],
    }),
    sortKeys: (alias) => [`${alias}.value`],
  };
}

/** The SQL spelling of a filter comparison operator. */
export function sqlOperator(operator: FilterComparisonOperator): string {
  return operator === '!=' ? '<>' : operator;
}
