import { registeredModelFields, storeErrors, type RegisteredModel, type RegisteredModelUpdate, type Tags } from '@mlops-ts/core';
import { columnValues, mapRow, selectList } from '../entity-rows.js';
import { columnsOfRows } from '../on-conflict-sql.js';
import type { Row } from '../row-mappers.js';
import { chunkForParameters, placeholderList, type SqlSession } from '../sql-session.js';

/** The tables holding tags of the registry, with the column of their owner's id. */
export type RegistryTagTable = { table: 'registered_model_tags'; ownerColumn: 'registered_model_id' } | { table: 'model_version_tags'; ownerColumn: 'model_version_id' };

export const registeredModelTags: RegistryTagTable = { table: 'registered_model_tags', ownerColumn: 'registered_model_id' };
export const modelVersionTags: RegistryTagTable = { table: 'model_version_tags', ownerColumn: 'model_version_id' };

/** The tags of each owner among `ids`, read in chunks of bound ids. */
export async function readTagsOf(session: SqlSession, tags: RegistryTagTable, ids: readonly string[]): Promise<Map<string, Tags>> {
  const byOwner = new Map<string, Tags>(ids.map((id) => [id, {}]));
  for (const chunk of chunkForParameters([...byOwner.keys()], session.dialect)) {
    const rows = await session.arrays(`SELECT ${tags.ownerColumn}, "key", value FROM ${tags.table} WHERE ${tags.ownerColumn} IN (${placeholderList(chunk.length)})`, chunk);
    for (const [owner, key, value] of rows as string[][]) byOwner.get(owner!)![key!] = value!;
  }
  return byOwner;
}

/** Upserts tags of one owner. */
export async function writeRegistryTags(session: SqlSession, tags: RegistryTagTable, ownerId: string, values: Tags): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => [ownerId, key, value]);
  if (rows.length === 0) return;
  const t = session.dialect.types;
  const columns = [
    { name: tags.ownerColumn, type: t.id },
    { name: '"key"', type: t.key },
    { name: 'value', type: t.text },
  ];
  await session.runPlans(session.dialect.upsertRows(tags.table, columns, columnsOfRows(rows, 3), [tags.ownerColumn, '"key"'], ['value']));
}

/** Removes tags of one owner by key. */
export async function deleteRegistryTags(session: SqlSession, tags: RegistryTagTable, ownerId: string, keys: readonly string[]): Promise<void> {
  for (const chunk of chunkForParameters(keys, session.dialect, 1)) {
    await session.run(`DELETE FROM ${tags.table} WHERE ${tags.ownerColumn} = ? AND "key" IN (${placeholderList(chunk.length)})`, [ownerId, ...chunk]);
  }
}

/** Registered models matching `where` (SQL on the alias `m`), in `orderBy` order, with their tags. */
export async function readRegisteredModels(session: SqlSession, where = '', params: readonly unknown[] = [], orderBy = 'm.created_at, m.id'): Promise<RegisteredModel[]> {
  const rows = await session.all<Row>(`SELECT ${selectList(registeredModelFields, 'm')} FROM registered_models m ${where} ORDER BY ${orderBy}`, params);
  return withTags(session, rows);
}

/** Registered models from rows, with their tags. */
export async function withTags(session: SqlSession, rows: readonly Row[]): Promise<RegisteredModel[]> {
  const tags = await readTagsOf(session, registeredModelTags, rows.map((row) => row.id as string));
  return rows.map((row) => ({ ...mapRow(registeredModelFields, row), tags: tags.get(row.id as string)! }));
}

/** The registered model with this id. @throws NOT_FOUND. */
export async function requireRegisteredModel(session: SqlSession, id: string): Promise<RegisteredModel> {
  const [model] = await readRegisteredModels(session, 'WHERE m.id = ?', [id]);
  if (!model) throw storeErrors.registeredModelNotFound(id, session.providerId);
  return model;
}

/** Inserts the registered model unless its name is taken; returns the stored one. Call inside a write transaction. */
export async function createRegisteredModel(session: SqlSession, model: RegisteredModel): Promise<RegisteredModel> {
  const columns = [...registeredModelFields.fields.map((field) => field.column), 'next_version'];
  const inserted = await session.run(session.dialect.insertIfAbsent('registered_models', columns, ['name']), [...columnValues(registeredModelFields, model), 1]);
  if (inserted > 0) await writeRegistryTags(session, registeredModelTags, model.id, model.tags);
  return (await readRegisteredModels(session, 'WHERE m.name = ?', [model.name]))[0]!;
}

/**
 * Sets the name and description given, and `updatedAt`; a new name is written on every
 * version too. @throws NOT_FOUND; CONFLICT when another registered model has the name.
 */
export async function updateRegisteredModel(session: SqlSession, id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> {
  const stored = await requireRegisteredModel(session, id);
  if (update.name !== undefined && update.name !== stored.name) {
    if (await session.first('SELECT 1 AS found FROM registered_models WHERE name = ?', [update.name])) {
      throw storeErrors.registeredModelNameTaken(update.name, session.providerId);
    }
    await session.run('UPDATE model_versions SET model_name = ? WHERE registered_model_id = ?', [update.name, id]);
  }
  const name = update.name ?? stored.name;
  const description = update.description === undefined ? stored.description : update.description;
  await session.run('UPDATE registered_models SET name = ?, description = ?, updated_at = ? WHERE id = ?', [name, description, update.updatedAt, id]);
  return { ...stored, name, description, updatedAt: update.updatedAt };
}

/** Sets `updatedAt` of an existing registered model. @throws NOT_FOUND. */
export async function touchRegisteredModel(session: SqlSession, id: string, updatedAt: number): Promise<void> {
  if ((await session.run('UPDATE registered_models SET updated_at = ? WHERE id = ?', [updatedAt, id])) === 0) {
    throw storeErrors.registeredModelNotFound(id, session.providerId);
  }
}

/** Removes the registered model with its versions, tags, aliases and deployment history. @throws NOT_FOUND. */
export async function deleteRegisteredModel(session: SqlSession, id: string): Promise<void> {
  await requireRegisteredModel(session, id);
  await session.run('DELETE FROM model_aliases WHERE registered_model_id = ?', [id]);
  await session.run('DELETE FROM model_version_tags WHERE model_version_id IN (SELECT id FROM model_versions WHERE registered_model_id = ?)', [id]);
  await session.run('DELETE FROM model_versions WHERE registered_model_id = ?', [id]);
  await session.run('DELETE FROM registered_model_tags WHERE registered_model_id = ?', [id]);
  await session.run('DELETE FROM deployments WHERE registered_model_id = ?', [id]);
  await session.run('DELETE FROM registered_models WHERE id = ?', [id]);
}
