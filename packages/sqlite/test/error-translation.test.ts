import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MLOpsError } from '@mlops-ts/core';
import { newRunArtifactRecord } from '@mlops-ts/provider-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLiteMetadataStore } from '../src/index.js';
import { translateSqliteError } from '../src/sqlite-errors.js';
import { createTempFolder, newExperiment, newRun, openStore } from './temp-database.js';

let temp: ReturnType<typeof createTempFolder>;

beforeEach(() => {
  temp = createTempFolder();
});

afterEach(() => {
  temp.cleanup();
});

/** The error `action` throws (fails the test when it does not throw). */
async function failureOf(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function expectMLOpsError(error: unknown, code: string): MLOpsError {
  expect(MLOpsError.isInstance(error), `expected an MLOpsError ${code}, got ${String(error)}`).toBe(true);
  const mlopsError = error as MLOpsError;
  expect(mlopsError.code).toBe(code);
  expect(mlopsError.providerId).toBe('sqlite');
  // Two sentences: what is wrong, then how to fix it.
  expect(mlopsError.message).toMatch(/\. [A-Z].*\.$/);
  return mlopsError;
}

describe('native SQLite errors become MLOpsErrors', () => {
  it('a database path that cannot be opened is UNAVAILABLE and names the path', async () => {
    const folderAsFile = path.join(temp.folder, 'a-folder.db');
    mkdirSync(folderAsFile);
    const error = expectMLOpsError(await failureOf(() => new SQLiteMetadataStore({ path: folderAsFile }).connect()), 'UNAVAILABLE');
    expect(error.message).toContain(folderAsFile);
    expect((error.cause as { code?: string }).code).toBe('SQLITE_CANTOPEN');
  });

  it('a folder that cannot be created is UNAVAILABLE and names it', async () => {
    const blocker = path.join(temp.folder, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    const error = expectMLOpsError(await failureOf(() => new SQLiteMetadataStore({ path: path.join(blocker, 'mlops.db') }).connect()), 'UNAVAILABLE');
    expect(error.message).toContain(blocker);
  });

  it('a file that is not a SQLite database is INVALID_ARGUMENT', async () => {
    const textFile = path.join(temp.folder, 'notes.db');
    writeFileSync(textFile, 'not a database. '.repeat(100));
    const error = expectMLOpsError(await failureOf(() => new SQLiteMetadataStore({ path: textFile }).connect()), 'INVALID_ARGUMENT');
    expect(error.message).toContain(textFile);
  });

  it('SQLITE_CONSTRAINT_FOREIGNKEY is NOT_FOUND and UNIQUE or PRIMARY KEY violations are CONFLICT', async () => {
    const store = await openStore(temp.folder);
    await store.close();
    const databasePath = path.join(temp.folder, 'mlops.db');
    const database = new Database(databasePath);
    try {
      const foreignKey = await failureOf(() =>
        database.prepare("INSERT INTO runs (id, experiment_id, status, start_time) VALUES ('r', 'missing', 'running', 1)").run(),
      );
      expect(expectMLOpsError(translateSqliteError(foreignKey, databasePath), 'NOT_FOUND').cause).toBe(foreignKey);

      const insertExperiment = database.prepare('INSERT INTO experiments (id, name, created_at) VALUES (?, ?, 1)');
      insertExperiment.run('e1', 'iris');
      expectMLOpsError(translateSqliteError(await failureOf(() => insertExperiment.run('e2', 'iris')), databasePath), 'CONFLICT');
      expectMLOpsError(translateSqliteError(await failureOf(() => insertExperiment.run('e1', 'other')), databasePath), 'CONFLICT');
    } finally {
      database.close();
    }
  });

  it('a reused id through the store is CONFLICT', async () => {
    const store = await openStore(temp.folder);
    try {
      const experiment = await store.createExperiment(newExperiment('iris'));
      const run = newRun(experiment.id);
      await store.createRun(run);
      const artifact = newRunArtifactRecord({ runId: run.id, name: 'a.onnx' });
      await store.createRunArtifact(artifact);
      expectMLOpsError(await failureOf(() => store.createRunArtifact({ ...artifact, name: 'b.onnx' })), 'CONFLICT');
      expectMLOpsError(await failureOf(() => store.createExperiment({ ...newExperiment('other'), id: experiment.id })), 'CONFLICT');
    } finally {
      await store.close();
    }
  });

  it('a write lock held past the busy timeout and every retry is UNAVAILABLE, and nothing is half-written', async () => {
    const store = new SQLiteMetadataStore({ path: path.join(temp.folder, 'mlops.db'), busyTimeoutMs: 0 });
    const experiment = await store.createExperiment(newExperiment('iris'));
    const blocker = new Database(path.join(temp.folder, 'mlops.db'));
    blocker.exec('BEGIN IMMEDIATE');
    try {
      const error = expectMLOpsError(await failureOf(() => store.createRun(newRun(experiment.id))), 'UNAVAILABLE');
      expect(error.message).toContain('busyTimeoutMs');
      expect((error.cause as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect(await store.listRuns(experiment.id)).toEqual([]);
    await store.close();
  }, 30_000);

  it('a write lock released while the store is retrying lets the write through without an error', async () => {
    const databasePath = path.join(temp.folder, 'mlops.db');
    const store = new SQLiteMetadataStore({ path: databasePath, busyTimeoutMs: 0 });
    const experiment = await store.createExperiment(newExperiment('iris'));
    const blocker = new Database(databasePath);
    blocker.exec('BEGIN IMMEDIATE');
    const run = newRun(experiment.id);
    const creating = store.createRun(run);
    // After the pending microtasks, the first attempt has failed with SQLITE_BUSY and a retry is scheduled.
    await new Promise((resolve) => setImmediate(resolve));
    blocker.exec('COMMIT');
    blocker.close();
    await creating;
    expect((await store.getRun(run.id))?.id).toBe(run.id);
    await store.close();
  });

  it('an MLOpsError passes through translation unchanged', () => {
    const original = new MLOpsError('NOT_FOUND', 'Run x does not exist. Check the id.');
    expect(translateSqliteError(original, 'x.db')).toBe(original);
  });

  it('rejects an empty path and a negative busy timeout with INVALID_ARGUMENT', async () => {
    expectMLOpsError(await failureOf(() => new SQLiteMetadataStore({ path: '' })), 'INVALID_ARGUMENT');
    expectMLOpsError(await failureOf(() => new SQLiteMetadataStore({ path: 'x.db', busyTimeoutMs: -1 })), 'INVALID_ARGUMENT');
  });
});
