import { experimentFields, runFields } from '@mlops-ts/core';
import type { SqlDialect } from '../sql-dialect.js';
import type { SqlSession } from '../sql-session.js';
import { migrateToRegisteredModels } from './registry-migration.js';
import { addColumnStatements } from './add-column.js';
import { backfillBlockExtremes, blockExtremesTable } from '../queries/metric-block-extremes.js';

/**
 * One forward step of the schema. Versions start at 1 and never change once released
 * (they are history: a new field gets a new step, e.g. with `addColumnStatements`); a
 * step spells statements with the dialect's types and builders and may choose between
 * forms by its capabilities, never by its name, but every database at version N has the
 * same tables, columns and meaning.
 */
export interface Migration {
  /** 1, 2, 3 … */
  version: number;
  /** What the step does, recorded in `schema_migrations`. */
  name: string;
  /** The statements of the step, in order, for this dialect. */
  statements(dialect: SqlDialect): string[];
  /** Optional: work that moves data in code, run after the statements in the same transaction. */
  apply?(session: SqlSession): Promise<void>;
}

/*
 * Notes on the schema:
 * - Times are epoch milliseconds in 64-bit integers; structured values (confusion
 *   matrices, data columns, distributions, model schemas, registered model tags) are JSON
 *   text with NaN and ±Infinity kept (see json-values.ts).
 * - Metric values are stored by the dialect's codec: SQLite keeps doubles in a typeless
 *   column (so -0 and ±Infinity round-trip), and NULL stands for NaN on every database.
 * - `latest_metrics` holds each run's latest point per key (highest step, then latest
 *   timestamp, then latest insertion), kept up to date by logMetrics, so reading or
 *   searching runs costs one row per key however long the history is.
 * - "key" and "precision" are quoted: both are reserved words in T-SQL.
 * - Version 1 is the schema @mlops-ts/sqlite shipped before this package existed; SQLite
 *   files created then upgrade in place.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: (d) => {
      const t = d.types;
      // The first release (SQLite) had JSON tag columns with a default; elsewhere they only live until version 2 drops them.
      const tagsColumn = d.capabilities.hasReleasedVersion1Schema ? `tags ${t.text} NOT NULL DEFAULT '{}'` : `tags ${t.text} NULL`;
      return [
        `CREATE TABLE experiments (
          id ${t.id} PRIMARY KEY,
          name ${t.name} NOT NULL UNIQUE,
          description ${t.text},
          ${tagsColumn},
          created_at ${t.integer} NOT NULL
        )`,
        'CREATE INDEX experiments_by_created_at ON experiments (created_at, id)',
        `CREATE TABLE runs (
          id ${t.id} PRIMARY KEY,
          experiment_id ${t.id} NOT NULL REFERENCES experiments (id),
          name ${t.text},
          status ${t.key} NOT NULL,
          start_time ${t.integer} NOT NULL,
          end_time ${t.integer},
          training_time_ms ${t.double},
          git_commit ${t.key},
          parent_run_id ${t.id} REFERENCES runs (id),
          ${tagsColumn}
        )`,
        'CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time, id)',
        'CREATE INDEX runs_by_git_commit ON runs (git_commit, start_time, id) WHERE git_commit IS NOT NULL',
        'CREATE INDEX runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL',
        `CREATE TABLE params (
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          "key" ${t.key} NOT NULL,
          value ${t.text} NOT NULL,
          PRIMARY KEY (run_id, "key")
        )${d.clusteredTableSuffix}`,
        `CREATE TABLE metrics (
          id ${t.serialPrimaryKey},
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          "key" ${t.key} NOT NULL,
          ${d.metricValue.columnsDdl},
          step ${t.integer} NOT NULL,
          timestamp ${t.integer} NOT NULL
        )`,
        'CREATE INDEX metrics_by_run_key_step ON metrics (run_id, "key", step, timestamp)',
        `CREATE TABLE latest_metrics (
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          "key" ${t.key} NOT NULL,
          ${d.metricValue.columnsDdl},
          step ${t.integer} NOT NULL,
          timestamp ${t.integer} NOT NULL,
          PRIMARY KEY (run_id, "key")
        )${d.clusteredTableSuffix}`,
        `CREATE TABLE confusion_matrices (
          run_id ${t.id} PRIMARY KEY REFERENCES runs (id),
          labels ${t.text} NOT NULL,
          counts ${t.text} NOT NULL,
          "precision" ${t.text} NOT NULL,
          recall ${t.text} NOT NULL
        )`,
        `CREATE TABLE data_sets (
          id ${t.id} PRIMARY KEY,
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          name ${t.key} NOT NULL,
          sha256 ${t.key} NOT NULL,
          row_count ${t.integer} NOT NULL,
          columns ${t.text} NOT NULL,
          created_at ${t.integer} NOT NULL,
          UNIQUE (run_id, name)
        )`,
        `CREATE TABLE data_distributions (
          id ${t.serialPrimaryKey},
          data_set_id ${t.id} NOT NULL REFERENCES data_sets (id) ON UPDATE CASCADE ON DELETE CASCADE,
          column_name ${t.key} NOT NULL,
          distribution ${t.text} NOT NULL,
          UNIQUE (data_set_id, column_name)
        )`,
        `CREATE TABLE run_artifacts (
          id ${t.id} PRIMARY KEY,
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          name ${t.path} NOT NULL,
          size_bytes ${t.integer} NOT NULL,
          sha256 ${t.key} NOT NULL,
          created_at ${t.integer} NOT NULL,
          UNIQUE (run_id, name)
        )`,
        `CREATE TABLE model_schemas (
          run_id ${t.id} PRIMARY KEY REFERENCES runs (id),
          inputs ${t.text} NOT NULL,
          outputs ${t.text} NOT NULL
        )`,
        `CREATE TABLE package_dependencies (
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          name ${t.key} NOT NULL,
          version ${t.key} NOT NULL,
          PRIMARY KEY (run_id, name)
        )${d.clusteredTableSuffix}`,
        `CREATE TABLE registered_models (
          id ${t.id} PRIMARY KEY,
          experiment_id ${t.id} NOT NULL REFERENCES experiments (id),
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          run_artifact_id ${t.id} NOT NULL REFERENCES run_artifacts (id),
          version ${t.integer} NOT NULL,
          registered_by ${t.text} NOT NULL,
          registered_at ${t.integer} NOT NULL,
          description ${t.text},
          tags ${t.text} NOT NULL DEFAULT '{}',
          UNIQUE (experiment_id, version)
        )`,
        `CREATE TABLE deployment_targets (
          id ${t.id} PRIMARY KEY,
          name ${t.name} NOT NULL UNIQUE,
          is_production ${t.boolean} NOT NULL,
          created_at ${t.integer} NOT NULL
        )`,
        'CREATE INDEX deployment_targets_by_created_at ON deployment_targets (created_at, id)',
        `CREATE TABLE deployments (
          id ${t.id} PRIMARY KEY,
          deployment_target_id ${t.id} NOT NULL REFERENCES deployment_targets (id),
          registered_model_id ${t.id} NOT NULL REFERENCES registered_models (id),
          experiment_id ${t.id} NOT NULL REFERENCES experiments (id),
          deployed_by ${t.text} NOT NULL,
          deployed_at ${t.integer} NOT NULL,
          uri ${t.text} NOT NULL
        )`,
        'CREATE INDEX deployments_by_experiment ON deployments (experiment_id, deployed_at, id)',
        'CREATE INDEX deployments_by_target ON deployments (deployment_target_id, deployed_at, id)',
      ];
    },
  },
  {
    version: 2,
    name: 'tags in their own tables; search indexes',
    statements: (d) => {
      const t = d.types;
      const statements = [
        `CREATE TABLE run_tags (
          run_id ${t.id} NOT NULL REFERENCES runs (id),
          "key" ${t.key} NOT NULL,
          value ${t.text} NOT NULL,
          PRIMARY KEY (run_id, "key")
        )${d.clusteredTableSuffix}`,
        `CREATE TABLE experiment_tags (
          experiment_id ${t.id} NOT NULL REFERENCES experiments (id),
          "key" ${t.key} NOT NULL,
          value ${t.text} NOT NULL,
          PRIMARY KEY (experiment_id, "key")
        )${d.clusteredTableSuffix}`,
      ];
      if (d.capabilities.hasReleasedVersion1Schema) {
        // Only such databases (SQLite files) can hold version-1 data; the others start at version 2.
        statements.push(
          'INSERT INTO run_tags (run_id, "key", value) SELECT r.id, t.key, t.value FROM runs r, json_each(r.tags) t',
          'INSERT INTO experiment_tags (experiment_id, "key", value) SELECT e.id, t.key, t.value FROM experiments e, json_each(e.tags) t',
        );
      }
      statements.push(
        'ALTER TABLE runs DROP COLUMN tags',
        'ALTER TABLE experiments DROP COLUMN tags',
        // History reads and down-sampling scan one metric's points in history order without
        // visiting the table: the index holds the id (insertion order) and the value.
        d.capabilities.dropIndexNamesTable ? 'DROP INDEX metrics_by_run_key_step ON metrics' : 'DROP INDEX metrics_by_run_key_step',
        coveringIndex(d, 'metrics_by_run_key_step', 'metrics', ['run_id', '"key"', 'step', 'timestamp', 'id'], d.metricValue.columns.map((column) => column.name)),
        // Search: the runs of an experiment by id (paging bound, newest id), and a param's or
        // tag's values. Metric predicates check each candidate run's latest value through the
        // (run_id, key) primary key instead: an index on latest values would cost every
        // logMetric call a second B-tree update.
        'CREATE INDEX runs_by_experiment_id ON runs (experiment_id, id)',
        ...searchIndexesOnText(d, 'params'),
        ...searchIndexesOnText(d, 'run_tags'),
      );
      return statements;
    },
  },
  {
    version: 3,
    name: 'lifecycle stages',
    statements: (d) => [
      // Existing experiments and runs are active, with no deletion time.
      ...addColumnStatements(d, 'experiments', experimentFields.byProperty.lifecycleStage),
      ...addColumnStatements(d, 'experiments', experimentFields.byProperty.deletedAt),
      ...addColumnStatements(d, 'runs', runFields.byProperty.lifecycleStage),
      ...addColumnStatements(d, 'runs', runFields.byProperty.deletedAt),
      // Lists and searches of an experiment's active (or deleted) runs, newest first, read
      // only the runs of that stage in order; restoring an experiment finds its runs by stage.
      'CREATE INDEX runs_by_experiment_stage ON runs (experiment_id, lifecycle_stage, start_time, id)',
    ],
  },
  {
    version: 4,
    name: 'registered models',
    // Tables, data and indexes: see registry-migration.ts.
    statements: () => [],
    apply: migrateToRegisteredModels,
  },
  {
    version: 5,
    name: 'metric block extremes',
    // Down-sampling reads whole blocks of 64 steps from here: see metric-block-extremes.ts.
    statements: (d) => [blockExtremesTable(d), backfillBlockExtremes(d)],
  },
];

/** An index on `keys` that also holds `included` (INCLUDE where the database has it, trailing keys in SQLite). */
function coveringIndex(d: SqlDialect, name: string, table: string, keys: string[], included: string[]): string {
  if (d.capabilities.indexIncludedColumns === 'trailing-keys') return `CREATE INDEX ${name} ON ${table} (${[...keys, ...included].join(', ')})`;
  return `CREATE INDEX ${name} ON ${table} (${keys.join(', ')}) INCLUDE (${included.join(', ')})`;
}

/**
 * Indexes that find the runs whose param or tag `key` has a value. Values may be
 * thousands of characters: PostgreSQL's B-tree entries and SQL Server's index keys are
 * size-limited, so there the value is hashed or only included.
 */
function searchIndexesOnText(d: SqlDialect, table: 'params' | 'run_tags'): string[] {
  switch (d.capabilities.longTextIndex) {
    case 'hash':
      return [`CREATE INDEX ${table}_by_key ON ${table} ("key", run_id)`, `CREATE INDEX ${table}_by_value ON ${table} USING hash (value)`];
    case 'included':
      return [`CREATE INDEX ${table}_by_key ON ${table} ("key", run_id) INCLUDE (value)`];
    case 'key':
      return [`CREATE INDEX ${table}_by_key_value ON ${table} ("key", value, run_id)`];
  }
}

/** The newest schema version this package knows. */
export const latestSchemaVersion = migrations.reduce((latest, migration) => Math.max(latest, migration.version), 0);
