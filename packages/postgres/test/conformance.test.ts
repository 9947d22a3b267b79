import { describeMetadataStore } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll } from 'vitest';
import { PostgresMetadataStore } from '../src/index.js';
import { createTestDatabase, dropSchema } from './support/test-databases.js';

// One database for this file, and a fresh schema in it for each test.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let schemaCount = 0;

beforeAll(async () => {
  database = await createTestDatabase('conformance');
});

afterAll(async () => {
  await database?.drop();
});

describeMetadataStore('postgres', () => new PostgresMetadataStore({ connectionString: database.url, schema: `test_${++schemaCount}`, max: 4 }), {
  cleanup: async (store) => dropSchema(database.url, (store as PostgresMetadataStore).target.match(/schema '([^']+)'/)![1]!),
});
