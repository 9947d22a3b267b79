import mssql from 'mssql';
import { parseSqlServerConnectionString } from '../../src/connection-string.js';

/** The SQL Server the integration suites run against: `MLOPS_TEST_SQLSERVER`, when set. */
export const testConnectionString = process.env.MLOPS_TEST_SQLSERVER?.trim() || undefined;

/** Why the integration suites are skipped, shown in their titles. */
export const skipReason =
  'SKIPPED: no SQL Server runs here; set MLOPS_TEST_SQLSERVER to a connection string, e.g. "Server=tcp:127.0.0.1,1433;Database=mlops_test;User ID=sa;Password=…;Encrypt=False", to run it';

/** The store's tables, children before parents, so deleting in this order respects every foreign key. */
const tablesInDeleteOrder = [
  'deployments',
  'registered_models',
  'data_distributions',
  'data_sets',
  'run_artifacts',
  'confusion_matrices',
  'model_schemas',
  'package_dependencies',
  'latest_metrics',
  'metrics',
  'params',
  'run_tags',
  'runs',
  'experiment_tags',
  'experiments',
  'deployment_targets',
];

/** Empties the store's tables (keeping the schema and its recorded version), so each test starts from nothing. */
export async function clearStoreTables(connectionString: string): Promise<void> {
  const pool = new mssql.ConnectionPool(parseSqlServerConnectionString(connectionString));
  await pool.connect();
  try {
    for (const table of tablesInDeleteOrder) {
      const clearParents = table === 'runs' ? 'UPDATE runs SET parent_run_id = NULL; ' : '';
      await pool.request().batch(`IF OBJECT_ID(N'${table}', N'U') IS NOT NULL BEGIN ${clearParents}DELETE FROM ${table}; END`);
    }
  } finally {
    await pool.close();
  }
}
