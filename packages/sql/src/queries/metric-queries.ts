import type { Metric, MetricHistoryRange } from '@mlops-ts/core';
import type { BulkColumn, SqlDialect, UpsertCondition } from '../sql-dialect.js';
import type { SqlSession } from '../sql-session.js';
import { upsertBlockExtremes } from './metric-block-extremes.js';

const pointColumnsByDialect = new WeakMap<SqlDialect, readonly BulkColumn[]>();

/** The columns of a metric point, in the order `insertMetrics` binds them (one array per dialect, so dialects can cache by it). */
function pointColumns(dialect: SqlDialect): readonly BulkColumn[] {
  let columns = pointColumnsByDialect.get(dialect);
  if (!columns) {
    const t = dialect.types;
    columns = [{ name: 'run_id', type: t.id }, { name: '"key"', type: t.key }, ...dialect.metricValue.columns, { name: 'step', type: t.integer }, { name: 'timestamp', type: t.integer }];
    pointColumnsByDialect.set(dialect, columns);
  }
  return columns;
}

const latestConflictColumns = ['run_id', '"key"'];
const updatedLatestColumns = new WeakMap<readonly BulkColumn[], string[]>();

/** A stored latest point is replaced only by a later one (equal step and timestamp: the newer insertion wins). */
const isIncomingLater: UpsertCondition = (incoming, stored) =>
  `${incoming}.step > ${stored}.step OR (${incoming}.step = ${stored}.step AND ${incoming}.timestamp >= ${stored}.timestamp)`;

/**
 * Appends metric points in as few statements as the dialect allows, then updates each
 * touched key's latest point once: the batch's latest point per key replaces the stored
 * one unless the stored one is later (at equal step and timestamp the newer insertion
 * wins, as in the history's order), and widens the extremes of each touched block of
 * steps. Call inside a write transaction, runs checked.
 */
export async function insertMetrics(session: SqlSession, metrics: readonly Metric[]): Promise<void> {
  const { dialect } = session;
  const columns = pointColumns(dialect);
  await session.runPlans(dialect.insertRows('metrics', columns, pointValues(session, metrics, columns.length)));
  let updated = updatedLatestColumns.get(columns);
  if (!updated) updatedLatestColumns.set(columns, (updated = columns.slice(2).map((column) => column.name)));
  await session.runPlans(
    dialect.upsertRows('latest_metrics', columns, pointValues(session, latestPoints(metrics), columns.length), latestConflictColumns, updated, isIncomingLater),
  );
  await upsertBlockExtremes(session, metrics);
}

/**
 * The batch's latest point per (run, key), in a fixed order of keys so that concurrent
 * writers lock latest_metrics rows in the same order (no deadlock).
 */
function latestPoints(metrics: readonly Metric[]): readonly Metric[] {
  if (metrics.length === 1) return metrics;
  const latestByKey = new Map<string, Metric>();
  for (const metric of metrics) {
    const latestKey = `${metric.runId}\u0000${metric.key}`;
    const latest = latestByKey.get(latestKey);
    if (!latest || isSameOrLater(metric, latest)) latestByKey.set(latestKey, metric);
  }
  return [...latestByKey.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, metric]) => metric);
}

/** The points column by column (no allocation per point: this is the logging hot path). */
function pointValues(session: SqlSession, metrics: readonly Metric[], columnCount: number): unknown[][] {
  const codec = session.dialect.metricValue;
  const count = metrics.length;
  const values: unknown[][] = new Array(columnCount);
  for (let column = 0; column < columnCount; column++) values[column] = new Array<unknown>(count);
  const [runIds, keys] = values as [unknown[], unknown[]];
  const steps = values[columnCount - 2]!;
  const timestamps = values[columnCount - 1]!;
  for (let index = 0; index < count; index++) {
    const metric = metrics[index]!;
    runIds[index] = metric.runId;
    keys[index] = metric.key;
    codec.write(values, 2, index, metric.value);
    steps[index] = metric.step;
    timestamps[index] = metric.timestamp;
  }
  return values;
}

function isSameOrLater(candidate: Metric, latest: Metric): boolean {
  return candidate.step > latest.step || (candidate.step === latest.step && candidate.timestamp >= latest.timestamp);
}

/** The WHERE clause and parameters selecting one metric's points within a step range. */
export function historyRangeCondition(runId: string, key: string, range: MetricHistoryRange = {}): { sql: string; params: unknown[] } {
  let sql = 'run_id = ? AND "key" = ?';
  const params: unknown[] = [runId, key];
  if (range.startStep !== undefined) {
    sql += ' AND step >= ?';
    params.push(range.startStep);
  }
  if (range.endStep !== undefined) {
    sql += ' AND step <= ?';
    params.push(range.endStep);
  }
  return { sql, params };
}

/** All points of one metric in history order (step, then timestamp, then insertion). */
export async function readMetricHistory(session: SqlSession, runId: string, key: string, range?: MetricHistoryRange): Promise<Metric[]> {
  const codec = session.dialect.metricValue;
  const valueColumns = codec.columns.map((column) => column.name).join(', ');
  const where = historyRangeCondition(runId, key, range);
  // Only the varying columns, as arrays: long histories are read several times faster.
  const rows = await session.arrays(`SELECT step, timestamp, ${valueColumns} FROM metrics WHERE ${where.sql} ORDER BY step, timestamp, id`, where.params);
  const points: Metric[] = new Array(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    points[index] = { runId, key, value: codec.read(row, 2), step: Number(row[0]), timestamp: Number(row[1]) };
  }
  return points;
}
