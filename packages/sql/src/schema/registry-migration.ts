import { deploymentFields, modelVersionFields, registeredModelFields, registeredModelNamesOfExperiments, type Tags } from '@mlops-ts/core';
import { fromJson } from '../json-values.js';
import type { SqlDialect } from '../sql-dialect.js';
import type { SqlSession } from '../sql-session.js';
import { columnDefinition } from './add-column.js';

/*
 * Schema version 4: registered models of their own. Until version 3 a "registered model"
 * row was a version of its experiment, and deployments named the experiment. Version 4
 * moves each experiment's versions into the registered model named after the experiment
 * (escaped as `registeredModelNamesOfExperiments` says), linked by id so renaming the
 * experiment later changes nothing; a migrated registered model takes the experiment's id
 * as its own (the same in every store, so upgrades are repeatable). Deployments record the
 * registered model and the version. Version ids, numbers and deployment ids stay.
 *
 * The columns are those of the named fields as they are now, spelled out one by one: a
 * released step never changes, so it never derives whole tables from a registry that grows.
 */

/** The statements creating the registry tables of schema version 4. */
export function registryTables(d: SqlDialect): string[] {
  const t = d.types;
  const model = (property: keyof typeof registeredModelFields.byProperty) => columnDefinition(d, registeredModelFields.byProperty[property]);
  const version = (property: keyof typeof modelVersionFields.byProperty) => columnDefinition(d, modelVersionFields.byProperty[property]);
  const deployment = (property: keyof typeof deploymentFields.byProperty) => columnDefinition(d, deploymentFields.byProperty[property]);
  const tagTable = (table: string, owner: string, ownerTable: string) =>
    `CREATE TABLE ${table} (
      ${owner} ${t.id} NOT NULL REFERENCES ${ownerTable} (id),
      "key" ${t.key} NOT NULL,
      value ${t.text} NOT NULL,
      PRIMARY KEY (${owner}, "key")
    )${d.clusteredTableSuffix}`;
  return [
    `CREATE TABLE registered_models (
      id ${t.id} PRIMARY KEY,
      ${model('name')} UNIQUE,
      ${model('description')},
      ${model('createdAt')},
      ${model('updatedAt')},
      next_version ${t.integer} NOT NULL
    )`,
    tagTable('registered_model_tags', 'registered_model_id', 'registered_models'),
    `CREATE TABLE model_versions (
      id ${t.id} PRIMARY KEY,
      ${version('registeredModelId')} REFERENCES registered_models (id),
      ${version('modelName')},
      ${version('version')},
      ${version('runId')} REFERENCES runs (id),
      ${version('runArtifactId')} REFERENCES run_artifacts (id),
      ${version('artifactPath')},
      ${version('registeredBy')},
      ${version('registeredAt')},
      ${version('description')},
      UNIQUE (registered_model_id, version)
    )`,
    'CREATE INDEX model_versions_by_run ON model_versions (run_id)',
    'CREATE INDEX model_versions_by_registered_at ON model_versions (registered_at, id)',
    tagTable('model_version_tags', 'model_version_id', 'model_versions'),
    ...tagValueIndex(d, 'model_version_tags', 'model_version_id'),
    `CREATE TABLE model_aliases (
      registered_model_id ${t.id} NOT NULL REFERENCES registered_models (id),
      alias ${t.key} NOT NULL,
      model_version_id ${t.id} NOT NULL REFERENCES model_versions (id),
      PRIMARY KEY (registered_model_id, alias)
    )${d.clusteredTableSuffix}`,
    'CREATE INDEX model_aliases_by_version ON model_aliases (model_version_id, alias)',
    // History outlives versions: model_version_id names a version that may have been deleted since.
    `CREATE TABLE deployments (
      id ${t.id} PRIMARY KEY,
      ${deployment('deploymentTargetId')} REFERENCES deployment_targets (id),
      ${deployment('registeredModelId')} REFERENCES registered_models (id),
      ${deployment('modelVersionId')},
      ${deployment('deployedBy')},
      ${deployment('deployedAt')},
      ${deployment('uri')}
    )`,
    'CREATE INDEX deployments_by_model ON deployments (registered_model_id, deployment_target_id, deployed_at, id)',
    'CREATE INDEX deployments_by_target ON deployments (deployment_target_id, deployed_at, id)',
  ];
}

/** An index that finds the owners whose tag `key` has a value (values may be long: see migration 2). */
function tagValueIndex(d: SqlDialect, table: string, owner: string): string[] {
  switch (d.capabilities.longTextIndex) {
    case 'hash':
      return [`CREATE INDEX ${table}_by_key ON ${table} ("key", ${owner})`, `CREATE INDEX ${table}_by_value ON ${table} USING hash (value)`];
    case 'included':
      return [`CREATE INDEX ${table}_by_key ON ${table} ("key", ${owner}) INCLUDE (value)`];
    case 'key':
      return [`CREATE INDEX ${table}_by_key_value ON ${table} ("key", value, ${owner})`];
  }
}

interface VersionOneRow {
  id: string;
  experiment_id: string;
  run_id: string;
  run_artifact_id: string;
  version: number | string;
  registered_by: string;
  registered_at: number | string;
  description: string | null;
  tags: string | null;
  artifact_name: string | null;
}

interface DeploymentOneRow {
  id: string;
  deployment_target_id: string;
  registered_model_id: string;
  experiment_id: string;
  deployed_by: string;
  deployed_at: number | string;
  uri: string;
}

/**
 * Moves the version-3 registry into the version-4 tables: reads the old rows, drops the
 * old tables, creates the new ones and writes the rows back, inside the migration's
 * transaction (all or nothing where DDL is transactional).
 */
export async function migrateToRegisteredModels(session: SqlSession): Promise<void> {
  const versions = await session.all<VersionOneRow>(
    `SELECT v.id, v.experiment_id, v.run_id, v.run_artifact_id, v.version, v.registered_by, v.registered_at, v.description, v.tags, a.name AS artifact_name
     FROM registered_models v LEFT JOIN run_artifacts a ON a.id = v.run_artifact_id ORDER BY v.experiment_id, v.version`,
  );
  const deployments = await session.all<DeploymentOneRow>('SELECT id, deployment_target_id, registered_model_id, experiment_id, deployed_by, deployed_at, uri FROM deployments');
  const experiments = await session.all<{ id: string; name: string }>(
    'SELECT id, name FROM experiments WHERE id IN (SELECT experiment_id FROM registered_models) ORDER BY created_at, id',
  );
  for (const statement of ['DROP TABLE deployments', 'DROP TABLE registered_models', ...registryTables(session.dialect)]) await session.run(statement);

  const names = registeredModelNamesOfExperiments(experiments);
  for (const experiment of experiments) {
    const own = versions.filter((version) => version.experiment_id === experiment.id);
    const times = own.map((version) => Number(version.registered_at));
    const highest = Math.max(...own.map((version) => Number(version.version)));
    await session.run('INSERT INTO registered_models (id, name, description, created_at, updated_at, next_version) VALUES (?, ?, ?, ?, ?, ?)', [
      experiment.id,
      names.get(experiment.id),
      null,
      Math.min(...times),
      Math.max(...times),
      highest + 1,
    ]);
  }
  for (const version of versions) {
    await session.run(
      `INSERT INTO model_versions (id, registered_model_id, model_name, version, run_id, run_artifact_id, artifact_path, registered_by, registered_at, description)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        version.id,
        version.experiment_id,
        names.get(version.experiment_id),
        Number(version.version),
        version.run_id,
        version.run_artifact_id,
        version.artifact_name ?? version.run_artifact_id,
        version.registered_by,
        Number(version.registered_at),
        version.description,
      ],
    );
    for (const [key, value] of Object.entries(version.tags ? fromJson<Tags>(version.tags) : {})) {
      await session.run('INSERT INTO model_version_tags (model_version_id, "key", value) VALUES (?, ?, ?)', [version.id, key, value]);
    }
  }
  for (const deployment of deployments) {
    await session.run(
      'INSERT INTO deployments (id, deployment_target_id, registered_model_id, model_version_id, deployed_by, deployed_at, uri) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [deployment.id, deployment.deployment_target_id, deployment.experiment_id, deployment.registered_model_id, deployment.deployed_by, Number(deployment.deployed_at), deployment.uri],
    );
  }
}
