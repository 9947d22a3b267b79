import { storeErrors, type DataDistribution, type DataSet } from '@mlops-ts/core';
import { fromJson, toDataSet, toJson, type DataSetRow } from './row-mappers.js';
import type { SQLiteConnection } from './sqlite-connection.js';
import { sqliteProviderId } from './sqlite-errors.js';

const upsertDistributionSql = `
  INSERT INTO data_distributions (data_set_id, column_name, distribution) VALUES (?, ?, ?)
  ON CONFLICT (data_set_id, column_name) DO UPDATE SET distribution = excluded.distribution`;

/**
 * Stores a data set, replacing the run's data set of the same name. The stored
 * distributions are kept when `dataSet.distributions` is empty and replaced otherwise.
 * Call inside a write transaction (the run already checked).
 */
export function writeDataSet(connection: SQLiteConnection, dataSet: DataSet): void {
  const existing = connection.statement('SELECT id FROM data_sets WHERE run_id = ? AND name = ?').get(dataSet.runId, dataSet.name) as
    | { id: string }
    | undefined;
  const values = [dataSet.id, dataSet.sha256, dataSet.rowCount, toJson(dataSet.columns), dataSet.createdAt];
  if (existing) {
    // Updating the id in place cascades to the kept distributions.
    connection
      .statement('UPDATE data_sets SET id = ?, sha256 = ?, row_count = ?, columns = ?, created_at = ? WHERE id = ?')
      .run(...values, existing.id);
  } else {
    connection
      .statement('INSERT INTO data_sets (id, sha256, row_count, columns, created_at, run_id, name) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(...values, dataSet.runId, dataSet.name);
  }
  if (dataSet.distributions.length > 0) {
    connection.statement('DELETE FROM data_distributions WHERE data_set_id = ?').run(dataSet.id);
    for (const distribution of dataSet.distributions) {
      connection.statement(upsertDistributionSql).run(dataSet.id, distribution.column, toJson(distribution));
    }
  }
}

/**
 * Upserts one column's distribution on the run's data set named `dataSetName`; a
 * replaced column keeps its place. Call inside a write transaction.
 *
 * @throws MLOpsError NOT_FOUND when the data set does not exist.
 */
export function writeDataDistribution(
  connection: SQLiteConnection,
  runId: string,
  dataSetName: string,
  distribution: DataDistribution,
): void {
  const dataSet = connection.statement('SELECT id FROM data_sets WHERE run_id = ? AND name = ?').get(runId, dataSetName) as
    | { id: string }
    | undefined;
  if (!dataSet) throw storeErrors.dataSetNotFound(runId, dataSetName, sqliteProviderId);
  connection.statement(upsertDistributionSql).run(dataSet.id, distribution.column, toJson(distribution));
}

/** The run's data sets, oldest first, each with its distributions in the order first stored. */
export function readDataSets(connection: SQLiteConnection, runId: string): DataSet[] {
  const rows = connection.statement('SELECT * FROM data_sets WHERE run_id = ? ORDER BY created_at, id').all(runId) as DataSetRow[];
  const distributions = connection
    .statement(
      `SELECT d.data_set_id, d.distribution FROM data_distributions d
       JOIN data_sets s ON s.id = d.data_set_id WHERE s.run_id = ? ORDER BY d.id`,
    )
    .all(runId) as { data_set_id: string; distribution: string }[];
  const byDataSet = new Map<string, DataDistribution[]>();
  for (const row of distributions) {
    const list = byDataSet.get(row.data_set_id) ?? [];
    list.push(fromJson<DataDistribution>(row.distribution));
    byDataSet.set(row.data_set_id, list);
  }
  return rows.map((row) => toDataSet(row, byDataSet.get(row.id) ?? []));
}
