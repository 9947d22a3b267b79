import type { Metric, MetricHistoryRange } from '@mlops-ts/core';
import type { BulkColumn } from '../sql-dialect.js';
import type { SqlSession } from '../sql-session.js';

/** The columns of a metric point, in the order `insertMetrics` binds them. */
function pointColumns(session: SqlSession): BulkColumn[] {
  const t = session.dialect.types;
  return [
    { name: 'run_id', type: t.id },
    { name: '"key"', type: t.key },
    ...session.dialect.metricValue.columns,
    { name: 'step', type: t.integer },
    { name: 'timestamp', type: t.integer },
  ];
}

/**
 * Appends metric points in as few statements as the dialect allows, then updates each
 * touched key's latest point once: the batch's latest point per key replaces the stored
 * one unless the stored one is later (at equal step and timestamp the newer insertion
 * wins, as in the history's order). Call inside a write transaction, runs checked.
 */
export async function insertMetrics(session: SqlSession, metrics: readonly Metric[]): Promise<void> {
  const { dialect } = session;
  const columns = pointColumns(session);
  const latestByKey = new Map<string, Metric>();
  for (const metric of metrics) {
    const latestKey = `${metric.runId}\u0000${metric.key}`;
    const latest = latestByKey.get(latestKey);
    if (!latest || isSameOrLater(metric, latest)) latestByKey.set(latestKey, metric);
  }
  await session.runPlans(dialect.insertRows('metrics', columns, pointValues(session, metrics, columns.length)));

  // A fixed order of keys, so concurrent writers lock latest_metrics rows in the same order (no deadlock).
  const latest = [...latestByKey.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, metric]) => metric);
  const updated = columns.slice(2).map((column) => column.name);
  await session.runPlans(
    dialect.upsertRows('latest_metrics', columns, pointValues(session, latest, columns.length), ['run_id', '"key"'], updated, (incoming, stored) =>
      `${incoming}.step > ${stored}.step OR (${incoming}.step = ${stored}.step AND ${incoming}.timestamp >= ${stored}.timestamp)`,
    ),
  );
}

/** The points column by column (no allocation per point: this is the logging hot path). */
function pointValues(session: SqlSession, metrics: readonly Metric[], columnCount: number): unknown[][] {
  const codec = session.dialect.metricValue;
  const count = metrics.length;
  const values = Array.from({ length: columnCount }, () => new Array<unknown>(count));
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
