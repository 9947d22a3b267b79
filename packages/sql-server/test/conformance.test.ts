import { describeMetadataStore } from '@mlops-ts/provider-tests';
import { describe, it } from 'vitest';
import { SQLServerMetadataStore } from '../src/index.js';
import { clearStoreTables, skipReason, testConnectionString } from './support/sql-server-environment.js';

const connectionString = testConnectionString;
if (connectionString) {
  // One database for the whole run: each test starts with empty tables.
  describeMetadataStore('sql-server', async () => {
    await clearStoreTables(connectionString);
    return new SQLServerMetadataStore(connectionString);
  });
} else {
  describe.skip(`sql-server: metadata store conformance [${skipReason}]`, () => {
    it('passes describeMetadataStore (every concern, search table included) against a real SQL Server', () => {});
  });
}
