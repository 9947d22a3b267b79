import { awkwardMetricPoints, newExperimentRecord, newRunRecord } from '@mlops-ts/provider-tests';
import { migrations } from '@mlops-ts/sql';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresMetadataStore } from '../src/index.js';
import { createPostgresDialect } from '../src/postgres-dialect.js';
import { createTestDatabase } from './support/test-databases.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase('block_extremes');
});

afterAll(async () => {
  await database?.drop();
});

it('schema version 5 fills the blocks of the points a version-4 database holds exactly as logMetrics keeps them', async () => {
  const store = new PostgresMetadataStore({ connectionString: database.url, schema: 'blocks', max: 2 });
  await store.connect();
  const experiment = newExperimentRecord({ name: 'iris' });
  await store.createExperiment(experiment);
  const run = newRunRecord({ experimentId: experiment.id });
  await store.createRun(run);
  // Two batches that land in the same blocks.
  const points = awkwardMetricPoints(run.id);
  await store.logMetrics(points.slice(0, 700));
  await store.logMetrics(points.slice(700));
  await store.close();

  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('SET search_path TO blocks');
    // `+ 0` turns -0 into 0: a block where both tie may keep either.
    const blocks = async () => (await client.query({ text: 'SELECT run_id, "key", kind, block, value + 0 FROM metric_block_extremes ORDER BY 1, 2, 3, 4', rowMode: 'array' })).rows;
    const kept = await blocks();
    expect(kept.length).toBeGreaterThan(40);
    await client.query('DELETE FROM metric_block_extremes');
    await client.query(migrations.find((migration) => migration.version === 5)!.statements(createPostgresDialect())[1]!);
    expect(await blocks()).toEqual(kept);
  } finally {
    await client.end();
  }
});
