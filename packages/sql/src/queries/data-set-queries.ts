import { dataSetFields, storeErrors, type DataDistribution, type DataSet } from '@mlops-ts/core';
import { columnValues, insertSql } from '../entity-rows.js';
import { fromJson, toJson } from '../json-values.js';
import { toDataSet, type Row } from '../row-mappers.js';
import type { SqlSession } from '../sql-session.js';

function upsertDistributionSql(session: SqlSession): string {
  return session.dialect.upsert('data_distributions', ['data_set_id', 'column_name', 'distribution'], ['data_set_id', 'column_name'], ['distribution']);
}

/**
 * Stores a data set, replacing the run's data set of the same name. The stored
 * distributions are kept when `dataSet.distributions` is empty and replaced otherwise.
 * Call inside a write transaction (the run already checked).
 */
export async function writeDataSet(session: SqlSession, dataSet: DataSet): Promise<void> {
  const existing = await session.first<{ id: string }>('SELECT id FROM data_sets WHERE run_id = ? AND name = ?', [dataSet.runId, dataSet.name]);
  const values = [...columnValues(dataSetFields, dataSet), toJson(dataSet.columns)];
  if (existing) {
    // Updating the id in place cascades to the kept distributions; run and name are the same.
    const assignments = [...dataSetFields.fields.map((field) => `${field.column} = ?`), 'columns = ?'].join(', ');
    await session.run(`UPDATE data_sets SET ${assignments} WHERE id = ?`, [...values, existing.id]);
  } else {
    await session.run(insertSql('data_sets', dataSetFields, ['columns']), values);
  }
  if (dataSet.distributions.length > 0) {
    await session.run('DELETE FROM data_distributions WHERE data_set_id = ?', [dataSet.id]);
    for (const distribution of dataSet.distributions) {
      await session.run(upsertDistributionSql(session), [dataSet.id, distribution.column, toJson(distribution)]);
    }
  }
}

/**
 * Upserts one column's distribution on the run's data set named `dataSetName`; a
 * replaced column keeps its place. Call inside a write transaction.
 *
 * @throws MLOpsError NOT_FOUND when the data set does not exist.
 */
export async function writeDataDistribution(session: SqlSession, runId: string, dataSetName: string, distribution: DataDistribution): Promise<void> {
  const dataSet = await session.first<{ id: string }>('SELECT id FROM data_sets WHERE run_id = ? AND name = ?', [runId, dataSetName]);
  if (!dataSet) throw storeErrors.dataSetNotFound(runId, dataSetName, session.providerId);
  await session.run(upsertDistributionSql(session), [dataSet.id, distribution.column, toJson(distribution)]);
}

/** The run's data sets, oldest first, each with its distributions in the order first stored. */
export async function readDataSets(session: SqlSession, runId: string): Promise<DataSet[]> {
  const rows = await session.all<Row>('SELECT * FROM data_sets WHERE run_id = ? ORDER BY created_at, id', [runId]);
  const distributions = await session.all<{ data_set_id: string; distribution: string }>(
    `SELECT d.data_set_id, d.distribution FROM data_distributions d
     JOIN data_sets s ON s.id = d.data_set_id WHERE s.run_id = ? ORDER BY d.id`,
    [runId],
  );
  const byDataSet = new Map<string, DataDistribution[]>();
  for (const row of distributions) {
    const list = byDataSet.get(row.data_set_id) ?? [];
    list.push(fromJson<DataDistribution>(row.distribution));
    byDataSet.set(row.data_set_id, list);
  }
  return rows.map((row) => toDataSet(row, byDataSet.get(row.id as string) ?? []));
}
