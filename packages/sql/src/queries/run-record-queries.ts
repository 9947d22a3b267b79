import { runArtifactFields, storeErrors, type ConfusionMatrix, type ModelSchema, type PackageDependency, type RunArtifact } from '@mlops-ts/core';
import { columnValues, insertSql } from '../entity-rows.js';
import { toJson } from '../json-values.js';
import { columnsOfRows } from '../on-conflict-sql.js';
import * as rows from '../row-mappers.js';
import type { SqlSession } from '../sql-session.js';

/*
 * What a run holds besides params, metrics and tags: confusion matrix, artifact records,
 * model schema and package dependencies (data sets are in data-set-queries.ts). Each runs in
 * the caller's transaction, after the run was checked.
 */

const insertRunArtifactSql = insertSql('run_artifacts', runArtifactFields);

/** Stores (replaces) the run's confusion matrix. */
export async function writeConfusionMatrix(session: SqlSession, matrix: ConfusionMatrix): Promise<void> {
  const columns = ['run_id', 'labels', 'counts', '"precision"', 'recall'];
  await session.run(session.dialect.upsert('confusion_matrices', columns, ['run_id'], columns.slice(1)), [
    matrix.runId,
    toJson(matrix.labels),
    toJson(matrix.counts),
    toJson(matrix.precision),
    toJson(matrix.recall),
  ]);
}

/** The run's confusion matrix, or null. */
export async function readConfusionMatrix(session: SqlSession, runId: string): Promise<ConfusionMatrix | null> {
  const row = await session.first<rows.ConfusionMatrixRow>('SELECT labels, counts, "precision", recall FROM confusion_matrices WHERE run_id = ?', [runId]);
  return row ? rows.toConfusionMatrix(runId, row) : null;
}

/** Inserts artifact metadata; CONFLICT when the run has an artifact of that name. */
export async function insertRunArtifact(session: SqlSession, artifact: RunArtifact): Promise<void> {
  if (await session.first('SELECT 1 AS found FROM run_artifacts WHERE run_id = ? AND name = ?', [artifact.runId, artifact.name])) {
    throw storeErrors.artifactExists(artifact.runId, artifact.name, session.providerId);
  }
  await session.run(insertRunArtifactSql, columnValues(runArtifactFields, artifact));
}

/** The run's artifacts, oldest first. */
export async function readRunArtifacts(session: SqlSession, runId: string): Promise<RunArtifact[]> {
  return (await session.all<rows.Row>('SELECT * FROM run_artifacts WHERE run_id = ? ORDER BY created_at, id', [runId])).map(rows.toRunArtifact);
}

/** Stores (replaces) the run's model schema. */
export async function writeModelSchema(session: SqlSession, schema: ModelSchema): Promise<void> {
  const sql = session.dialect.upsert('model_schemas', ['run_id', 'inputs', 'outputs'], ['run_id'], ['inputs', 'outputs']);
  await session.run(sql, [schema.runId, toJson(schema.inputs), toJson(schema.outputs)]);
}

/** The run's model schema, or null. */
export async function readModelSchema(session: SqlSession, runId: string): Promise<ModelSchema | null> {
  const row = await session.first<{ inputs: string; outputs: string }>('SELECT inputs, outputs FROM model_schemas WHERE run_id = ?', [runId]);
  return row ? rows.toModelSchema(runId, row) : null;
}

/** Replaces the run's package dependencies; a name listed twice keeps its last version. */
export async function writePackageDependencies(session: SqlSession, runId: string, dependencies: readonly Omit<PackageDependency, 'runId'>[]): Promise<void> {
  const versions = new Map(dependencies.map((dependency) => [dependency.name, dependency.version]));
  await session.run('DELETE FROM package_dependencies WHERE run_id = ?', [runId]);
  if (versions.size === 0) return;
  const t = session.dialect.types;
  const columns = [
    { name: 'run_id', type: t.id },
    { name: 'name', type: t.key },
    { name: 'version', type: t.key },
  ];
  await session.runPlans(session.dialect.insertRows('package_dependencies', columns, columnsOfRows([...versions].map(([name, version]) => [runId, name, version]), 3)));
}

/** The run's package dependencies, by name. */
export async function readPackageDependencies(session: SqlSession, runId: string): Promise<PackageDependency[]> {
  const found = await session.all<{ name: string; version: string }>('SELECT name, version FROM package_dependencies WHERE run_id = ? ORDER BY name', [runId]);
  return found.map(({ name, version }) => ({ runId, name, version }));
}
