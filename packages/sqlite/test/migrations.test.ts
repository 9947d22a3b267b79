import path from 'node:path';
import Database from 'better-sqlite3';
import { MLOpsError } from '@mlops-ts/core';
import { awkwardMetricPoints, newModelVersionRecord } from '@mlops-ts/provider-tests';
import { latestSchemaVersion, migrate, migrations, type Migration } from '@mlops-ts/sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLiteMetadataStore } from '../src/index.js';
import { SQLiteDatabase } from '../src/sqlite-database.js';
import { sqliteDialect } from '../src/sqlite-dialect.js';
import { createTempFolder, newExperiment, newRun, openStore } from './temp-database.js';
import { createVersionOneDatabase, versionOneIds } from './version-one-database.js';

let temp: ReturnType<typeof createTempFolder>;
let databasePath: string;

beforeEach(() => {
  temp = createTempFolder();
  databasePath = path.join(temp.folder, 'mlops.db');
});

afterEach(() => {
  temp.cleanup();
});

function readVersions(): { userVersion: number; recorded: number[] } {
  const database = new Database(databasePath, { readonly: true });
  try {
    return {
      userVersion: database.pragma('user_version', { simple: true }) as number,
      recorded: database.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[],
    };
  } finally {
    database.close();
  }
}

/** Runs the shared migrations on the file directly, with `known` steps. */
async function migrateFile(known: readonly Migration[] = migrations): Promise<number[]> {
  const database = await SQLiteDatabase.open({ path: databasePath, busyTimeoutMs: 1_000 });
  try {
    const target = { providerId: 'sqlite', databaseLabel: `The SQLite database '${databasePath}'`, packageName: '@mlops-ts/sqlite', builderMethod: 'useSQLite()' };
    return await migrate(database, sqliteDialect, target, known);
  } finally {
    await database.close();
  }
}

describe('migrations', () => {
  it('records each applied version in user_version and schema_migrations, and applies nothing on reopen', async () => {
    const store = await openStore(temp.folder);
    await store.createExperiment(newExperiment('iris'));
    await store.close();
    expect(readVersions()).toEqual({ userVersion: latestSchemaVersion, recorded: migrations.map((migration) => migration.version) });

    expect(await migrateFile()).toEqual([]);
    const reopened = await openStore(temp.folder);
    expect(await reopened.listExperiments()).toHaveLength(1);
    await reopened.close();
  });

  it('applies only the newer steps to an existing database', async () => {
    await (await openStore(temp.folder)).close();
    const next: Migration = { version: latestSchemaVersion + 1, name: 'add a note column', statements: () => ['ALTER TABLE experiments ADD COLUMN note TEXT'] };
    expect(await migrateFile([...migrations, next])).toEqual([next.version]);
    const database = new Database(databasePath, { readonly: true });
    try {
      expect(database.prepare('SELECT name FROM pragma_table_info(?) WHERE name = ?').pluck().get('experiments', 'note')).toBe('note');
    } finally {
      database.close();
    }
    expect(readVersions().userVersion).toBe(next.version);
  });

  it('upgrades a database created by @mlops-ts/sqlite before the shared SQL layer, keeping its data', async () => {
    createVersionOneDatabase(databasePath);
    const store = new SQLiteMetadataStore({ path: databasePath });
    try {
      await store.connect();
      expect(readVersions()).toEqual({ userVersion: latestSchemaVersion, recorded: migrations.map((migration) => migration.version) });
      expect(await store.getExperimentByName('iris')).toEqual({
        id: versionOneIds.experiment,
        name: 'iris',
        description: 'old',
        tags: { team: 'vision', owner: 'ada' },
        createdAt: 1000,
        // Rows written before lifecycle stages existed are active.
        lifecycleStage: 'active',
        deletedAt: null,
      });
      const run = await store.getRun(versionOneIds.run);
      expect(run).toMatchObject({ name: 'first', status: 'finished', params: { lr: '0.01' }, tags: { stage: 'tuned', note: 'it\'s "quoted"' }, lifecycleStage: 'active', deletedAt: null });
      expect(Object.is(run?.metrics.loss, -0)).toBe(true);
      expect((await store.getMetricHistory(versionOneIds.run, 'loss')).map((point) => point.value)).toEqual([0.5, Number.NaN, -0]);
      // Writes after the upgrade continue the old data: tags merge, versions go on.
      await store.setRunTags(versionOneIds.run, { stage: 'final' });
      expect((await store.getRun(versionOneIds.run))?.tags).toEqual({ stage: 'final', note: 'it\'s "quoted"' });
      // The version became version 1 of the registered model 'iris', which took the experiment's id.
      expect(await store.getModelVersion(versionOneIds.model)).toMatchObject({ registeredModelId: versionOneIds.experiment, modelName: 'iris', version: 1, artifactPath: 'model.onnx' });
      const model = await store.createModelVersion(
        newModelVersionRecord({ registeredModelId: versionOneIds.experiment, runId: versionOneIds.run, runArtifactId: versionOneIds.artifact, registeredAt: 5000 }),
      );
      expect(model.version).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('opens a current database and reads it while another connection holds the write lock', async () => {
    const store = await openStore(temp.folder);
    await store.createExperiment(newExperiment('iris'));
    await store.close();
    const blocker = new Database(databasePath);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const reader = new SQLiteMetadataStore({ path: databasePath, busyTimeoutMs: 0 });
      await reader.connect();
      expect((await reader.listExperiments()).map((experiment) => experiment.name)).toEqual(['iris']);
      await reader.close();
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
  });

  it('refuses a database written by a newer schema version with UNSUPPORTED and leaves it untouched', async () => {
    await (await openStore(temp.folder)).close();
    const newer = latestSchemaVersion + 1;
    const database = new Database(databasePath);
    database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(newer, 'from the future', Date.now());
    database.pragma(`user_version = ${newer}`);
    database.close();

    const store = new SQLiteMetadataStore({ path: databasePath });
    const error = await store.connect().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(MLOpsError.hasCode(error, 'UNSUPPORTED')).toBe(true);
    expect((error as MLOpsError).message).toContain(databasePath);
    expect((error as MLOpsError).message).toContain(`schema version ${newer}`);
    expect((error as MLOpsError).providerId).toBe('sqlite');
    await store.close();
    expect(readVersions().userVersion).toBe(newer);
  });
});

describe('schema version 5: metric block extremes', () => {
  it('fills the blocks of the points an older file holds exactly as logMetrics keeps them', async () => {
    const store = await openStore(temp.folder);
    const experiment = newExperiment('iris');
    await store.createExperiment(experiment);
    const run = newRun(experiment.id);
    await store.createRun(run);
    // Two batches that land in the same blocks.
    const points = awkwardMetricPoints(run.id);
    await store.logMetrics(points.slice(0, 700));
    await store.logMetrics(points.slice(700));
    await store.close();

    const database = new Database(databasePath);
    try {
      // `+ 0.0` turns -0 into 0: a block where both tie may keep either.
      const blocks = () => database.prepare('SELECT run_id, "key", kind, block, value + 0.0 FROM metric_block_extremes ORDER BY 1, 2, 3, 4').raw().all();
      const kept = blocks();
      expect(kept.length).toBeGreaterThan(40);
      database.exec('DELETE FROM metric_block_extremes');
      database.exec(migrations.find((migration) => migration.version === 5)!.statements(sqliteDialect)[1]!);
      expect(blocks()).toEqual(kept);
    } finally {
      database.close();
    }
  });
});
