import { storeErrors, type Run } from '@mlops-ts/core';
import { fromStoredMetricValue, toRunInfo, type RunRow } from './row-mappers.js';
import type { SQLiteConnection } from './sqlite-connection.js';
import { sqliteProviderId } from './sqlite-errors.js';

/** The run filters the store reads by; each is served by an index on `runs`. */
export type RunSelection = 'id = ?' | 'experiment_id = ?' | 'git_commit = ?';

/**
 * Runs matching `selection`, oldest first (by startTime, then id), each with its params
 * and the latest value of each metric. Three queries whatever the number of runs; call it
 * inside a read transaction so the three see one snapshot.
 */
export function readRuns(connection: SQLiteConnection, selection: RunSelection, value: string): Run[] {
  const rows = connection.statement(`SELECT * FROM runs WHERE ${selection} ORDER BY start_time, id`).all(value) as RunRow[];
  if (rows.length === 0) return [];
  const runs = new Map<string, Run>();
  for (const row of rows) runs.set(row.id, { ...toRunInfo(row), params: {}, metrics: {} });

  const selectedIds = `SELECT id FROM runs WHERE ${selection}`;
  const params = connection
    .statement(`SELECT run_id, key, value FROM params WHERE run_id IN (${selectedIds})`)
    .all(value) as { run_id: string; key: string; value: string }[];
  for (const param of params) {
    const run = runs.get(param.run_id);
    if (run) run.params[param.key] = param.value;
  }
  const metrics = connection
    .statement(`SELECT run_id, key, value FROM latest_metrics WHERE run_id IN (${selectedIds})`)
    .all(value) as { run_id: string; key: string; value: number | null }[];
  for (const metric of metrics) {
    const run = runs.get(metric.run_id);
    if (run) run.metrics[metric.key] = fromStoredMetricValue(metric.value);
  }
  return [...runs.values()];
}

/** Throws NOT_FOUND (worded by the core) unless the run exists. */
export function requireRun(connection: SQLiteConnection, runId: string): void {
  if (connection.statement('SELECT 1 FROM runs WHERE id = ?').get(runId) === undefined) {
    throw storeErrors.runNotFound(runId, sqliteProviderId);
  }
}

/** Throws NOT_FOUND (worded by the core) unless the experiment exists. */
export function requireExperiment(connection: SQLiteConnection, experimentId: string): void {
  if (connection.statement('SELECT 1 FROM experiments WHERE id = ?').get(experimentId) === undefined) {
    throw storeErrors.experimentNotFound(experimentId, sqliteProviderId);
  }
}
