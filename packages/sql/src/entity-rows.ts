import { valueKindOf, type EntityField, type FieldRegistry, type ScalarFieldsOf } from '@mlops-ts/core';
import { placeholderList } from './sql-session.js';

/*
 * Rows of entity tables, derived from the core's field registry. Drivers return columns
 * in snake_case; 64-bit integers may arrive as strings (pg, mssql) and flags as booleans
 * (SQL Server's bit) or 0/1, so values are converted per field type.
 */

/** The registry's columns, comma-separated, each qualified with `alias` when given: what a query selects. */
export function selectList(registry: { fields: readonly EntityField[] }, alias?: string): string {
  return registry.fields.map((field) => (alias === undefined ? field.column : `${alias}.${field.column}`)).join(', ');
}

/** The entity's scalar fields from a row: numbers with Number(), flags with Boolean(), nulls kept. */
export function mapRow<Entity>(registry: FieldRegistry<Entity>, row: object): ScalarFieldsOf<Entity> {
  const values = row as Record<string, unknown>;
  const entity: Record<string, unknown> = {};
  for (const field of registry.fields) entity[field.property] = fromColumn(field, values[field.column]);
  return entity as ScalarFieldsOf<Entity>;
}

/** The values of the entity's scalar fields in the registry's column order, as bound parameters (flags as 0/1). */
export function columnValues<Entity>(registry: FieldRegistry<Entity>, entity: ScalarFieldsOf<Entity>): unknown[] {
  const source = entity as Record<string, unknown>;
  return registry.fields.map((field) => toColumn(field, source[field.property]));
}

/** `INSERT INTO table (<every column of the registry>, …extra) VALUES (?, …)`. */
export function insertSql(table: string, registry: { fields: readonly EntityField[] }, extraColumns: readonly string[] = []): string {
  const columns = [...registry.fields.map((field) => field.column), ...extraColumns];
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholderList(columns.length)})`;
}

/** A column value as the entity holds it. */
export function fromColumn(field: EntityField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (valueKindOf(field.type)) {
    case 'number':
      return Number(value);
    case 'boolean':
      return Boolean(Number(value));
    case 'string':
      return value;
  }
}

/** A value as bound for its column; a missing one is the field's default (or null). */
export function toColumn(field: EntityField, value: unknown): unknown {
  if (value === undefined) value = field.defaultValue;
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}
