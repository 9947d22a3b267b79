import { modelVersionFields, storeErrors, type ModelAlias, type ModelVersion, type NewModelVersion } from '@mlops-ts/core';
import { columnValues, insertSql, mapRow, selectList } from '../entity-rows.js';
import type { Row } from '../row-mappers.js';
import { chunkForParameters, placeholderList, type SqlSession } from '../sql-session.js';
import { modelVersionTags, readTagsOf, requireRegisteredModel, writeRegistryTags } from './registered-model-queries.js';
import { requireRun } from './run-queries.js';

const insertModelVersionSql = insertSql('model_versions', modelVersionFields);

/** Versions matching `where` (SQL on the alias `v`), in `orderBy` order, with tags and aliases. */
export async function readModelVersions(session: SqlSession, where: string, params: readonly unknown[], orderBy = 'v.version'): Promise<ModelVersion[]> {
  const rows = await session.all<Row>(`SELECT ${selectList(modelVersionFields, 'v')} FROM model_versions v ${where} ORDER BY ${orderBy}`, params);
  return withDetails(session, rows);
}

/** Versions from rows, with their tags and aliases (aliases sorted). */
export async function withDetails(session: SqlSession, rows: readonly Row[]): Promise<ModelVersion[]> {
  const ids = rows.map((row) => row.id as string);
  const tags = await readTagsOf(session, modelVersionTags, ids);
  const aliases = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const chunk of chunkForParameters(ids, session.dialect)) {
    const aliasRows = await session.arrays(`SELECT model_version_id, alias FROM model_aliases WHERE model_version_id IN (${placeholderList(chunk.length)}) ORDER BY alias`, chunk);
    for (const [versionId, alias] of aliasRows as string[][]) aliases.get(versionId!)!.push(alias!);
  }
  // The database's ORDER BY uses its collation; aliases are ASCII, but sort here anyway so every store agrees.
  return rows.map((row) => ({
    ...mapRow(modelVersionFields, row),
    tags: tags.get(row.id as string)!,
    aliases: aliases.get(row.id as string)!.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  }));
}

/** The version with this id. @throws NOT_FOUND. */
export async function requireModelVersion(session: SqlSession, id: string): Promise<ModelVersion> {
  const [version] = await readModelVersions(session, 'WHERE v.id = ?', [id]);
  if (!version) throw storeErrors.modelVersionNotFound(`'${id}'`, session.providerId);
  return version;
}

/**
 * Inserts a version with the registered model's next number. Incrementing the counter row
 * first locks it until commit (SQLite's write lock, the row lock of PostgreSQL and SQL
 * Server at READ COMMITTED), so concurrent registrations, across processes too, take
 * turns and never share a number; the counter never goes back, so deleted numbers stay
 * used. Call inside a write transaction.
 * @throws NOT_FOUND when the registered model, run or artifact does not exist.
 */
export async function insertModelVersion(session: SqlSession, version: NewModelVersion): Promise<ModelVersion> {
  const counted = await session.run('UPDATE registered_models SET next_version = next_version + 1, updated_at = ? WHERE id = ?', [version.registeredAt, version.registeredModelId]);
  if (counted === 0) throw storeErrors.registeredModelNotFound(version.registeredModelId, session.providerId);
  await requireRun(session, version.runId);
  if (version.runArtifactId !== null && (await session.first('SELECT 1 AS found FROM run_artifacts WHERE id = ?', [version.runArtifactId])) === undefined) {
    throw storeErrors.artifactNotFound(version.runArtifactId, session.providerId);
  }
  const [row] = await session.arrays('SELECT next_version - 1, name FROM registered_models WHERE id = ?', [version.registeredModelId]);
  const stored: ModelVersion = { ...version, tags: { ...version.tags }, version: Number(row![0]), modelName: row![1] as string, aliases: [] };
  await session.run(insertModelVersionSql, columnValues(modelVersionFields, stored));
  await writeRegistryTags(session, modelVersionTags, stored.id, stored.tags);
  return stored;
}

/** Removes the version with its tags and the aliases pointing at it. @throws NOT_FOUND. */
export async function deleteModelVersion(session: SqlSession, id: string): Promise<void> {
  await requireModelVersion(session, id);
  await session.run('DELETE FROM model_aliases WHERE model_version_id = ?', [id]);
  await session.run('DELETE FROM model_version_tags WHERE model_version_id = ?', [id]);
  await session.run('DELETE FROM model_versions WHERE id = ?', [id]);
}

/**
 * Points the alias at the version: one upsert on the (registered model, alias) key, so
 * concurrent moves end with the alias on exactly one version.
 * @throws NOT_FOUND; INVALID_ARGUMENT for a version of another registered model.
 */
export async function setModelAlias(session: SqlSession, alias: ModelAlias): Promise<void> {
  await requireRegisteredModel(session, alias.registeredModelId);
  const version = await session.first<{ registered_model_id: string }>('SELECT registered_model_id FROM model_versions WHERE id = ?', [alias.modelVersionId]);
  if (!version) throw storeErrors.modelVersionNotFound(`'${alias.modelVersionId}'`, session.providerId);
  if (version.registered_model_id !== alias.registeredModelId) {
    throw storeErrors.modelVersionOfAnotherModel(alias.modelVersionId, alias.registeredModelId, session.providerId);
  }
  const sql = session.dialect.upsert('model_aliases', ['registered_model_id', 'alias', 'model_version_id'], ['registered_model_id', 'alias'], ['model_version_id']);
  await session.run(sql, [alias.registeredModelId, alias.alias, alias.modelVersionId]);
}

/** The version the alias points at, or null. */
export async function readModelVersionByAlias(session: SqlSession, registeredModelId: string, alias: string): Promise<ModelVersion | null> {
  const [version] = await readModelVersions(
    session,
    'WHERE v.id = (SELECT a.model_version_id FROM model_aliases a WHERE a.registered_model_id = ? AND a.alias = ?)',
    [registeredModelId, alias],
  );
  return version ?? null;
}

/** Whether a version exists; for code that needs no more. */
export async function hasModelVersion(session: SqlSession, id: string): Promise<boolean> {
  return (await session.first('SELECT 1 AS found FROM model_versions WHERE id = ?', [id])) !== undefined;
}
