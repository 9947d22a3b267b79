import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '@mlops-ts/sql';
import { expectOneAliasHolder, prepareAliasRace } from '@mlops-ts/provider-tests';
import { createTempFolder, openStore } from './temp-database.js';
import { createVersionOneDatabase } from './version-one-database.js';
import { runWorkersTogether } from './worker-processes.js';

let temp: ReturnType<typeof createTempFolder>;

beforeEach(() => {
  temp = createTempFolder();
});

afterEach(() => {
  temp.cleanup();
});

describe('several processes on one SQLite file', () => {
  it('4 processes logging 5,000 metrics each and registering 5 models each lose nothing and share versions 1..20', async () => {
    const databasePath = path.join(temp.folder, 'shared.db');
    const results = await runWorkersTogether<{ runId: string; versions: number[] }>('log', databasePath, 4);

    const store = await openStore(temp.folder, 'shared.db');
    try {
      const experiment = await store.getExperimentByName('shared');
      expect(experiment).not.toBeNull();
      expect(await store.listExperiments()).toHaveLength(1);
      for (const { runId } of results) {
        const history = await store.getMetricHistory(runId, 'loss');
        expect(history.map((point) => point.step)).toEqual(Array.from({ length: 5_000 }, (_, step) => step));
        expect((await store.getRun(runId))?.metrics.loss).toBe(4_999);
      }
      const registeredModel = await store.getRegisteredModelByName('shared');
      const versions = (await store.listModelVersions(registeredModel!.id)).map((model) => model.version);
      expect(versions).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect(results.flatMap((result) => result.versions).sort((a, b) => a - b)).toEqual(versions);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('4 processes moving one alias to their own versions at the same moment leave it on exactly one version', async () => {
    const databasePath = path.join(temp.folder, 'aliases.db');
    const store = await openStore(temp.folder, 'aliases.db');
    try {
      const racers = await prepareAliasRace(store, 4);
      const results = await runWorkersTogether<{ moves: number }>('alias', databasePath, 4, (index) => racers[index]!);
      expect(results.every((result) => result.moves > 0)).toBe(true);
      await expectOneAliasHolder(store, racers[0]![0], racers.map(([, versionId]) => versionId));
    } finally {
      await store.close();
    }
  }, 60_000);

  it('two processes opening a new file at the same moment both succeed and migrate it once', async () => {
    const databasePath = path.join(temp.folder, 'fresh.db');
    const results = await runWorkersTogether<{ experiments: number }>('migrate', databasePath, 2);
    expect(results).toEqual([{ experiments: 0 }, { experiments: 0 }]);

    const database = new Database(databasePath, { readonly: true });
    try {
      expect(database.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      const applied = database.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(applied).toEqual(Array.from({ length: latestSchemaVersion }, (_, index) => index + 1));
    } finally {
      database.close();
    }
  }, 60_000);

  it('two processes opening a file of the previous schema at the same moment both succeed and upgrade it once', async () => {
    const databasePath = path.join(temp.folder, 'old.db');
    createVersionOneDatabase(databasePath);
    const results = await runWorkersTogether<{ experiments: number }>('migrate', databasePath, 2);
    expect(results).toEqual([{ experiments: 1 }, { experiments: 1 }]);

    const database = new Database(databasePath, { readonly: true });
    try {
      expect(database.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
      expect(database.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(
        Array.from({ length: latestSchemaVersion }, (_, index) => index + 1),
      );
      expect(database.prepare('SELECT count(*) FROM run_tags').pluck().get()).toBe(2);
    } finally {
      database.close();
    }
  }, 60_000);
});
