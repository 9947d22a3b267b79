import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const schemaFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'schema-v1.sql');

/** Ids of the records `createVersionOneDatabase` writes. */
export const versionOneIds = {
  experiment: '01900000-0000-7000-8000-000000000e01',
  run: '01900000-0000-7000-8000-000000000a01',
  artifact: '01900000-0000-7000-8000-0000000000f1',
  model: '01900000-0000-7000-8000-0000000000b1',
};

/**
 * Writes a database exactly as @mlops-ts/sqlite did before the shared SQL layer (schema
 * version 1: the same DDL, `schema_migrations` row and `user_version`), holding one
 * experiment and one run with tags, params, metrics and a registered model.
 */
export function createVersionOneDatabase(databasePath: string): void {
  const database = new Database(databasePath);
  try {
    database.pragma('journal_mode = WAL');
    database.exec('BEGIN IMMEDIATE');
    database.exec(readFileSync(schemaFile, 'utf8'));
    database.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, ?, ?)').run('initial schema', Date.now());
    database.pragma('user_version = 1');
    const { experiment, run, artifact, model } = versionOneIds;
    database.prepare("INSERT INTO experiments (id, name, description, tags, created_at) VALUES (?, 'iris', 'old', ?, 1000)").run(experiment, '{"team":"vision","owner":"ada"}');
    database
      .prepare("INSERT INTO runs (id, experiment_id, name, status, start_time, tags) VALUES (?, ?, 'first', 'finished', 2000, ?)")
      .run(run, experiment, '{"stage":"tuned","note":"it\'s \\"quoted\\""}');
    database.prepare("INSERT INTO params (run_id, key, value) VALUES (?, 'lr', '0.01')").run(run);
    const insertMetric = database.prepare('INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)');
    insertMetric.run(run, 'loss', 0.5, 0, 10);
    insertMetric.run(run, 'loss', null, 1, 20);
    insertMetric.run(run, 'loss', -0, 2, 30);
    database.prepare("INSERT INTO latest_metrics (run_id, key, value, step, timestamp) VALUES (?, 'loss', ?, 2, 30)").run(run, -0);
    database.prepare("INSERT INTO run_artifacts (id, run_id, name, size_bytes, sha256, created_at) VALUES (?, ?, 'model.onnx', 3, 'ab', 3000)").run(artifact, run);
    database
      .prepare("INSERT INTO registered_models (id, experiment_id, run_id, run_artifact_id, version, registered_by, registered_at, tags) VALUES (?, ?, ?, ?, 1, 'ci', 4000, '{}')")
      .run(model, experiment, run, artifact);
    database.exec('COMMIT');
  } finally {
    database.close();
  }
}
