import type { Database } from 'better-sqlite3';
import { MLOpsError } from '@mlops-ts/core';
import { sqliteProviderId } from './sqlite-errors.js';

/** One forward step of the schema. Versions start at 1 and never change once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/*
 * Notes on the schema:
 * - Times are INTEGER epoch milliseconds; tags and structured values are JSON text.
 * - Metric `value` columns are declared without a type on purpose: REAL affinity would
 *   store -0 as the integer 0 (losing its sign). Without affinity, doubles round-trip
 *   exactly, including ±Infinity; SQLite cannot store NaN, so NULL stands for NaN
 *   (a stored metric value is never missing otherwise).
 * - `latest_metrics` holds each run's latest point per key (highest step, then latest
 *   timestamp, then latest insertion), kept up to date by logMetrics, so reading a run
 *   costs one row per key however long the history is.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT,
        tags TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL
      );
      CREATE INDEX experiments_by_created_at ON experiments (created_at, id);

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        experiment_id TEXT NOT NULL REFERENCES experiments (id),
        name TEXT,
        status TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER,
        training_time_ms REAL,
        git_commit TEXT,
        parent_run_id TEXT REFERENCES runs (id),
        tags TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time, id);
      CREATE INDEX runs_by_git_commit ON runs (git_commit, start_time, id) WHERE git_commit IS NOT NULL;
      CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

      CREATE TABLE params (
        run_id TEXT NOT NULL REFERENCES runs (id),
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;

      CREATE TABLE metrics (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id),
        key TEXT NOT NULL,
        value,
        step INTEGER NOT NULL,
        timestamp INTEGER NOT NULL
      );
      CREATE INDEX metrics_by_run_key_step ON metrics (run_id, key, step, timestamp);

      CREATE TABLE latest_metrics (
        run_id TEXT NOT NULL REFERENCES runs (id),
        key TEXT NOT NULL,
        value,
        step INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;

      CREATE TABLE confusion_matrices (
        run_id TEXT PRIMARY KEY REFERENCES runs (id),
        labels TEXT NOT NULL,
        counts TEXT NOT NULL,
        precision TEXT NOT NULL,
        recall TEXT NOT NULL
      );

      CREATE TABLE data_sets (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id),
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        columns TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (run_id, name)
      );

      CREATE TABLE data_distributions (
        id INTEGER PRIMARY KEY,
        data_set_id TEXT NOT NULL REFERENCES data_sets (id) ON UPDATE CASCADE ON DELETE CASCADE,
        column_name TEXT NOT NULL,
        distribution TEXT NOT NULL,
        UNIQUE (data_set_id, column_name)
      );

      CREATE TABLE run_artifacts (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id),
        name TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (run_id, name)
      );

      CREATE TABLE model_schemas (
        run_id TEXT PRIMARY KEY REFERENCES runs (id),
        inputs TEXT NOT NULL,
        outputs TEXT NOT NULL
      );

      CREATE TABLE package_dependencies (
        run_id TEXT NOT NULL REFERENCES runs (id),
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
      ) WITHOUT ROWID;

      CREATE TABLE registered_models (
        id TEXT PRIMARY KEY,
        experiment_id TEXT NOT NULL REFERENCES experiments (id),
        run_id TEXT NOT NULL REFERENCES runs (id),
        run_artifact_id TEXT NOT NULL REFERENCES run_artifacts (id),
        version INTEGER NOT NULL,
        registered_by TEXT NOT NULL,
        registered_at INTEGER NOT NULL,
        description TEXT,
        tags TEXT NOT NULL DEFAULT '{}',
        UNIQUE (experiment_id, version)
      );

      CREATE TABLE deployment_targets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        is_production INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX deployment_targets_by_created_at ON deployment_targets (created_at, id);

      CREATE TABLE deployments (
        id TEXT PRIMARY KEY,
        deployment_target_id TEXT NOT NULL REFERENCES deployment_targets (id),
        registered_model_id TEXT NOT NULL REFERENCES registered_models (id),
        experiment_id TEXT NOT NULL REFERENCES experiments (id),
        deployed_by TEXT NOT NULL,
        deployed_at INTEGER NOT NULL,
        uri TEXT NOT NULL
      );
      CREATE INDEX deployments_by_experiment ON deployments (experiment_id, deployed_at, id);
      CREATE INDEX deployments_by_target ON deployments (deployment_target_id, deployed_at, id);
    `,
  },
];

/** The newest schema version this package knows. */
export const latestSchemaVersion = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);

/**
 * Brings the schema up to `latestSchemaVersion` inside one `BEGIN IMMEDIATE` transaction,
 * so two processes opening a new file at once apply each migration exactly once (the
 * second waits for the write lock, then finds nothing to do). The version lives in
 * `PRAGMA user_version`, and each applied step is recorded in `schema_migrations`.
 *
 * @throws MLOpsError UNSUPPORTED when the file was written by a newer schema version.
 * @returns the versions applied by this call (empty when the schema was current).
 */
export function migrate(database: Database, databasePath: string, known: readonly Migration[] = migrations): number[] {
  const newest = known.reduce((latest, migration) => Math.max(latest, migration.version), 0);
  // A current schema needs no write lock, so opening a busy or read-only file stays cheap.
  const seen = database.pragma('user_version', { simple: true }) as number;
  if (seen > newest) throw newerSchemaError(databasePath, seen, newest);
  if (seen === newest) return [];
  const applied: number[] = [];
  database.exec('BEGIN IMMEDIATE');
  try {
    // Read again under the lock: another process may have migrated in the meantime.
    const current = database.pragma('user_version', { simple: true }) as number;
    if (current > newest) throw newerSchemaError(databasePath, current, newest);
    if (current < newest) {
      database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      )`);
      const record = database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      for (const migration of [...known].sort((a, b) => a.version - b.version)) {
        if (migration.version <= current) continue;
        database.exec(migration.sql);
        record.run(migration.version, migration.name, Date.now());
        applied.push(migration.version);
      }
      // The pragma takes no bound parameters; the version is an integer we control.
      database.pragma(`user_version = ${Math.trunc(newest)}`);
    }
    database.exec('COMMIT');
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw error;
  }
  return applied;
}

function newerSchemaError(databasePath: string, found: number, newest: number): MLOpsError {
  return new MLOpsError(
    'UNSUPPORTED',
    `The SQLite database '${databasePath}' has schema version ${found}, newer than the ${newest} this @mlops-ts/sqlite understands. Upgrade @mlops-ts/sqlite to the version that wrote it, or point useSQLite() at another file.`,
    { providerId: sqliteProviderId },
  );
}
