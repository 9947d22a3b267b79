import { MLOpsError, type EntityField, type FieldType } from '@mlops-ts/core';
import type { SqlColumnTypes, SqlDialect } from '../sql-dialect.js';

/** The schema's column type of each field type. */
const columnTypeOf: Readonly<Record<FieldType, keyof SqlColumnTypes>> = {
  id: 'id',
  string: 'key',
  enum: 'key',
  name: 'name',
  path: 'path',
  text: 'text',
  integer: 'integer',
  'epoch-ms': 'integer',
  double: 'double',
  boolean: 'boolean',
};

/** The column definition of a field inside CREATE TABLE or ALTER TABLE, e.g. `start_time bigint NOT NULL`. */
export function columnDefinition(dialect: SqlDialect, field: EntityField): string {
  const type = dialect.types[columnTypeOf[field.type]];
  if (field.defaultValue !== null) return `${field.column} ${type} NOT NULL DEFAULT ${defaultLiteral(field)}`;
  return `${field.column} ${type}${field.isNullable ? '' : ' NOT NULL'}`;
}

/**
 * The statements of a migration step that adds `field` to `table`: existing rows get the
 * field's default value (or null). A step written with it stays as written once released:
 * it is history.
 *
 * @throws MLOpsError INVALID_ARGUMENT for a field that is neither nullable nor has a
 *   default (existing rows would have no value).
 * @example
 * { version: 3, name: 'run lifecycle stage', statements: (d) => addColumnStatements(d, 'runs', runFields.byProperty.lifecycleStage) }
 */
export function addColumnStatements(dialect: SqlDialect, table: string, field: EntityField): string[] {
  if (!field.isNullable && field.defaultValue === null) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The field '${field.property}' is not nullable and has no default value, so the rows already in '${table}' would have none. Give it a defaultValue in the field registry, or make it nullable.`,
    );
  }
  return [`ALTER TABLE ${table} ADD ${columnDefinition(dialect, field)}`];
}

/** A default as a SQL literal: a number, 0/1 for a boolean, or a quoted printable ASCII string (which every database reads alike). */
function defaultLiteral(field: EntityField): string {
  const value = field.defaultValue;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidDefault(field);
    return String(value);
  }
  if (typeof value !== 'string' || !/^[\x20-\x7e]*$/.test(value)) throw invalidDefault(field);
  return `'${value.replaceAll("'", "''")}'`;
}

function invalidDefault(field: EntityField): MLOpsError {
  return new MLOpsError(
    'INVALID_ARGUMENT',
    `The default value of field '${field.property}' cannot be written into a schema. Use a finite number, a boolean or printable ASCII text.`,
  );
}
