import type { Metric, MetricHistoryRange } from '@mlops-ts/core';
import { fromStoredMetricValue, toStoredMetricValue } from './row-mappers.js';
import type { SQLiteConnection } from './sqlite-connection.js';

const insertPointSql = 'INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)';

// The batch's latest point per key replaces the stored one unless the stored one is later.
// Equal step and timestamp: the newer insertion wins, as in the history's order.
const upsertLatestSql = `
  INSERT INTO latest_metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, step = excluded.step, timestamp = excluded.timestamp
  WHERE excluded.step > latest_metrics.step
     OR (excluded.step = latest_metrics.step AND excluded.timestamp >= latest_metrics.timestamp)`;

const historySql = `
  SELECT value, step, timestamp FROM metrics
  WHERE run_id = ? AND key = ? AND step >= ? AND step <= ?
  ORDER BY step, timestamp, id`;

/**
 * Appends metric points with one reused prepared insert, then updates each touched
 * key's latest point once. Call inside a write transaction (the run ids already checked).
 */
export function insertMetrics(connection: SQLiteConnection, metrics: readonly Metric[]): void {
  const insertPoint = connection.statement(insertPointSql);
  const latestByKey = new Map<string, Metric>();
  for (const metric of metrics) {
    insertPoint.run(metric.runId, metric.key, toStoredMetricValue(metric.value), metric.step, metric.timestamp);
    const latestKey = `${metric.runId}\u0000${metric.key}`;
    const latest = latestByKey.get(latestKey);
    if (!latest || isSameOrLater(metric, latest)) latestByKey.set(latestKey, metric);
  }
  const upsertLatest = connection.statement(upsertLatestSql);
  for (const metric of latestByKey.values()) {
    upsertLatest.run(metric.runId, metric.key, toStoredMetricValue(metric.value), metric.step, metric.timestamp);
  }
}

/** All points of one metric in history order (step, then timestamp, then insertion). */
export function readMetricHistory(connection: SQLiteConnection, runId: string, key: string, range: MetricHistoryRange = {}): Metric[] {
  // Only the varying columns, as arrays: long histories are read several times faster.
  const rows = connection
    .statement(historySql)
    .raw(true)
    .all(runId, key, range.startStep ?? Number.NEGATIVE_INFINITY, range.endStep ?? Number.POSITIVE_INFINITY) as [number | null, number, number][];
  return rows.map(([value, step, timestamp]) => ({ runId, key, value: fromStoredMetricValue(value), step, timestamp }));
}

function isSameOrLater(candidate: Metric, latest: Metric): boolean {
  return candidate.step > latest.step || (candidate.step === latest.step && candidate.timestamp >= latest.timestamp);
}
