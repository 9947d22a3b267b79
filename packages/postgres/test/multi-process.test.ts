import { latestSchemaVersion } from '@mlops-ts/sql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresMetadataStore } from '../src/index.js';
import { expectOneAliasHolder, prepareAliasRace } from '@mlops-ts/provider-tests';
import { createTestDatabase } from './support/test-databases.js';
import { runWorkersTogether } from './support/worker-processes.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase('multi_process');
});

afterAll(async () => {
  await database?.drop();
});

describe('several processes on one PostgreSQL database', () => {
  it('8 processes logging 10,000 metrics each and registering 10 versions each lose nothing and share versions 1..80', async () => {
    const results = await runWorkersTogether<{ runId: string; versions: number[] }>('log', [database.url, 'shared_work'], 8);

    const store = new PostgresMetadataStore({ connectionString: database.url, schema: 'shared_work' });
    try {
      expect(await store.getExperimentByName('shared')).not.toBeNull();
      expect(await store.listExperiments()).toHaveLength(1);
      for (const { runId } of results) {
        const accuracy = await store.getMetricHistory(runId, 'accuracy');
        const loss = await store.getMetricHistory(runId, 'loss');
        expect(accuracy.length + loss.length).toBe(10_000);
        expect(loss.map((point) => point.step)).toEqual(Array.from({ length: 5_000 }, (_, index) => index * 2 + 1));
        expect((await store.getRun(runId))?.metrics).toEqual({ accuracy: 9_998, loss: 9_999 });
      }
      const registeredModel = await store.getRegisteredModelByName('shared');
      const versions = (await store.listModelVersions(registeredModel!.id)).map((model) => model.version);
      expect(versions).toEqual(Array.from({ length: 80 }, (_, index) => index + 1));
      expect(results.flatMap((result) => result.versions).sort((a, b) => a - b)).toEqual(versions);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('8 processes moving one alias to their own versions at the same moment leave it on exactly one version', async () => {
    const store = new PostgresMetadataStore({ connectionString: database.url, schema: 'alias_race' });
    try {
      await store.connect();
      const racers = await prepareAliasRace(store, 8);
      const results = await runWorkersTogether<{ moves: number }>('alias', [database.url, 'alias_race'], 8, (index) => racers[index]!);
      expect(results.every((result) => result.moves > 0)).toBe(true);
      await expectOneAliasHolder(store, racers[0]![0], racers.map(([, versionId]) => versionId));
    } finally {
      await store.close();
    }
  }, 120_000);

  it('8 processes connecting to an empty schema at the same moment all succeed and migrate it once', async () => {
    const results = await runWorkersTogether<{ experiments: number }>('migrate', [database.url, 'fresh'], 8);
    expect(results).toEqual(Array.from({ length: 8 }, () => ({ experiments: 0 })));
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query('SELECT version FROM fresh.schema_migrations ORDER BY version');
      expect(applied.rows.map((row: { version: string }) => Number(row.version))).toEqual(Array.from({ length: latestSchemaVersion }, (_, index) => index + 1));
    } finally {
      await client.end();
    }
  }, 120_000);
});
