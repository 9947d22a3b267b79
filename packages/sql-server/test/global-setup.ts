import { skipReason, testConnectionString } from './support/sql-server-environment.js';

/** Says once per test run, loudly, that the SQL Server integration suites did not run. */
export function setup(): void {
  if (!testConnectionString) console.warn(`\n⚠ @mlops-ts/sql-server: conformance, concurrency and builder suites ${skipReason}.\n`);
}
