import path from 'node:path';
import Database from 'better-sqlite3';
import { MLOpsError } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLiteMetadataStore } from '../src/index.js';
import { latestSchemaVersion, migrate, migrations } from '../src/migrations.js';
import { createTempFolder, newExperiment, openStore } from './temp-database.js';

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

describe('migrations', () => {
  it('records each applied version in user_version and schema_migrations, and applies nothing on reopen', async () => {
    const store = await openStore(temp.folder);
    await store.createExperiment(newExperiment('iris'));
    await store.close();
    expect(readVersions()).toEqual({ userVersion: latestSchemaVersion, recorded: migrations.map((migration) => migration.version) });

    const database = new Database(databasePath);
    try {
      expect(migrate(database, databasePath)).toEqual([]);
    } finally {
      database.close();
    }
    const reopened = await openStore(temp.folder);
    expect(await reopened.listExperiments()).toHaveLength(1);
    await reopened.close();
  });

  it('applies only the newer steps to an existing database', async () => {
    await (await openStore(temp.folder)).close();
    const next = { version: latestSchemaVersion + 1, name: 'add a note column', sql: 'ALTER TABLE experiments ADD COLUMN note TEXT' };
    const database = new Database(databasePath);
    try {
      expect(migrate(database, databasePath, [...migrations, next])).toEqual([next.version]);
      expect(database.prepare('SELECT name FROM pragma_table_info(?) WHERE name = ?').pluck().get('experiments', 'note')).toBe('note');
    } finally {
      database.close();
    }
    expect(readVersions().userVersion).toBe(next.version);
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
    await store.close();
    expect(readVersions().userVersion).toBe(newer);
  });
});
