import type { Metric } from '@mlops-ts/core';
import type { BulkColumn, SqlDialect, UpsertCondition } from '../sql-dialect.js';
import type { SqlSession } from '../sql-session.js';
import type { RangedQuery } from './ranged-query.js';

/*
 * `metric_block_extremes` keeps, for each metric of a run, the smallest and the largest
 * non-NaN value of every block of `metricBlockSteps` consecutive steps (block = ⌊step / 64⌋).
 * Down-sampling a long history reads a bucket's whole blocks from here (a few rows) and
 * scans only the partial blocks at its edges, instead of every point of the bucket.
 * Points are only ever appended (and removed with their run), so a block's extremes only
 * move outwards: logMetrics keeps them with one conditional upsert per touched block.
 */

/** Steps per block: 64 keeps the table about 3% of the points and a bucket's edges short. */
export const metricBlockSteps = 64;

/** The block of a step (steps may be negative: the floor, as the migration's SQL computes it). */
export const blockOf = (step: number): number => Math.floor(step / metricBlockSteps);

/** The extremes of one block of one metric, as a batch widens them. */
interface BlockExtreme {
  runId: string;
  key: string;
  block: number;
  min: number;
  max: number;
}

/** `kind` of a row: the block's smallest or largest value. */
export const extremeKinds = { min: 0, max: 1 } as const;

const blockColumnsByDialect = new WeakMap<SqlDialect, readonly BulkColumn[]>();

/** The columns of a block extreme, in the order `upsertBlockExtremes` binds them. */
function blockColumns(dialect: SqlDialect): readonly BulkColumn[] {
  let columns = blockColumnsByDialect.get(dialect);
  if (!columns) {
    const t = dialect.types;
    columns = [{ name: 'run_id', type: t.id }, { name: '"key"', type: t.key }, { name: 'kind', type: t.integer }, { name: 'block', type: t.integer }, ...dialect.metricValue.columns];
    blockColumnsByDialect.set(dialect, columns);
  }
  return columns;
}

/** The CREATE TABLE statement of schema version 5 (the value columns are the dialect's codec). */
export function blockExtremesTable(dialect: SqlDialect): string {
  const t = dialect.types;
  return `CREATE TABLE metric_block_extremes (
    run_id ${t.id} NOT NULL REFERENCES runs (id),
    "key" ${t.key} NOT NULL,
    kind ${t.integer} NOT NULL,
    block ${t.integer} NOT NULL,
    ${dialect.metricValue.columnsDdl},
    PRIMARY KEY (run_id, "key", kind, block)
  )${dialect.clusteredTableSuffix}`;
}

/** `a < b` in the codec's order of non-NaN values (its sort keys compared left to right). */
function valueLessThan(dialect: SqlDialect, a: string, b: string): string {
  const left = dialect.metricValue.sortKeys(a);
  const right = dialect.metricValue.sortKeys(b);
  const terms = left.map((key, index) => [...left.slice(0, index).map((earlier, at) => `${earlier} = ${right[at]}`), `${key} < ${right[index]}`].join(' AND '));
  return terms.map((term) => `(${term})`).join(' OR ');
}

const widerConditions = new WeakMap<SqlDialect, UpsertCondition>();

/** A stored extreme is replaced only by a more extreme value (so concurrent writers converge). */
function isIncomingWider(dialect: SqlDialect): UpsertCondition {
  let condition = widerConditions.get(dialect);
  if (!condition) {
    condition = (incoming, stored) =>
      `(${incoming}.kind = ${extremeKinds.min} AND (${valueLessThan(dialect, incoming, stored)})) OR (${incoming}.kind = ${extremeKinds.max} AND (${valueLessThan(dialect, stored, incoming)}))`;
    widerConditions.set(dialect, condition);
  }
  return condition;
}

/**
 * Widens the stored extremes of every block the points touch. One row per (run, key,
 * kind, block), in a fixed order so that concurrent writers lock rows in the same order.
 * Call inside the write transaction that inserts the points.
 */
export async function upsertBlockExtremes(session: SqlSession, metrics: readonly Metric[]): Promise<void> {
  // Blocks by (run, key), then by block number. A batch is mostly one metric after another,
  // so the (run, key) map is looked up only when it changes: no string built per point.
  const byMetric = new Map<string, Map<number, BlockExtreme>>();
  const rows: BlockExtreme[] = [];
  let runId: string | undefined;
  let key: string | undefined;
  let blocks = new Map<number, BlockExtreme>();
  for (const metric of metrics) {
    const { value } = metric;
    if (Number.isNaN(value)) continue;
    if (metric.runId !== runId || metric.key !== key) {
      ({ runId, key } = metric);
      const metricId = `${runId}\u0000${key}`;
      const found = byMetric.get(metricId);
      if (found) blocks = found;
      else byMetric.set(metricId, (blocks = new Map()));
    }
    const block = blockOf(metric.step);
    const stored = blocks.get(block);
    if (stored) {
      if (value < stored.min) stored.min = value;
      if (value > stored.max) stored.max = value;
    } else {
      const row = { runId: runId!, key: key!, block, min: value, max: value };
      blocks.set(block, row);
      rows.push(row);
    }
  }
  if (rows.length === 0) return;
  const { dialect } = session;
  const columns = blockColumns(dialect);
  rows.sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : a.block - b.block));
  const count = rows.length * 2;
  const values: unknown[][] = columns.map(() => new Array<unknown>(count));
  // All minimums, then all maximums: the primary key's order (kind before block).
  rows.forEach((row, index) => {
    for (const [kind, value, at] of [
      [extremeKinds.min, row.min, index],
      [extremeKinds.max, row.max, rows.length + index],
    ] as const) {
      values[0]![at] = row.runId;
      values[1]![at] = row.key;
      values[2]![at] = kind;
      values[3]![at] = row.block;
      dialect.metricValue.write(values, 4, at, value);
    }
  });
  const valueNames = dialect.metricValue.columns.map((column) => column.name);
  await session.runPlans(dialect.upsertRows('metric_block_extremes', columns, values, ['run_id', '"key"', 'kind', 'block'], valueNames, isIncomingWider(dialect)));
}

/**
 * The statement of schema version 5 that fills the table from the points already stored:
 * each block's first point in value order (NaN left out), for both kinds.
 */
export function backfillBlockExtremes(dialect: SqlDialect): string {
  const codec = dialect.metricValue;
  const valueNames = codec.columns.map((column) => column.name).join(', ');
  // Floor division with the truncating `/` and `%` every database has: step minus its non-negative remainder is an exact multiple.
  const block = `(step - ((step % ${metricBlockSteps}) + ${metricBlockSteps}) % ${metricBlockSteps}) / ${metricBlockSteps}`;
  const ranked = (kind: number, direction: string) =>
    `SELECT run_id, "key", ${kind} AS kind, ${block} AS block, ${valueNames},
       ROW_NUMBER() OVER (PARTITION BY run_id, "key", ${block} ORDER BY ${codec.sortKeys('m').map((key) => `${key}${direction}`).join(', ')}) AS position
     FROM metrics m WHERE NOT (${codec.isNaN('m')})`;
  return `INSERT INTO metric_block_extremes (run_id, "key", kind, block, ${valueNames})
    SELECT run_id, "key", kind, block, ${valueNames} FROM (${ranked(extremeKinds.min, '')} UNION ALL ${ranked(extremeKinds.max, ' DESC')}) ranked WHERE position = 1`;
}

/**
 * The query for the most extreme block of a range of blocks of one metric: its block and
 * value columns (the earliest block among equal values), at most one row.
 */
export function extremeBlockQuery(session: SqlSession, runId: string, key: string, kind: 'min' | 'max'): RangedQuery {
  const { dialect } = session;
  const codec = dialect.metricValue;
  const direction = kind === 'max' ? ' DESC' : '';
  const one = dialect.limitOffset(1, 0);
  const order = `${codec.sortKeys('b').map((sortKey) => `${sortKey}${direction}`).join(', ')}, block`;
  return {
    sql: (low, high) =>
      `SELECT block, ${codec.columns.map((column) => `b.${column.name}`).join(', ')} FROM metric_block_extremes b
        WHERE run_id = ? AND "key" = ? AND kind = ? AND block >= ${low} AND block <= ${high} ORDER BY ${order} ${one.sql}`,
    params: (range) => [runId, key, extremeKinds[kind], ...(range ?? []), ...one.params],
  };
}
