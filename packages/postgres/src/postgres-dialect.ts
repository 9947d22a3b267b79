import {
  limitOffsetClause,
  nullAsNaNMetricValueCodec,
  onConflictInsertIfAbsent,
  onConflictUpdateClause,
  onConflictUpsert,
  rowCount,
  type BulkColumn,
  type BulkValues,
  type SqlDialect,
  type SqlStatementPlan,
} from '@mlops-ts/sql';

/** Settings of a PostgreSQL dialect found when connecting. */
export interface PostgresDialectSettings {
  /**
   * The collation whose rules `lower()` follows for ILIKE: the ICU root collation when
   * the server has ICU (Unicode lower-casing, as JavaScript's `toLowerCase`), else the
   * database default.
   */
  lowerCollation: string;
}

/**
 * PostgreSQL's dialect: `$n` placeholders, `ON CONFLICT` upserts, and bulk writes as one
 * `INSERT … SELECT * FROM unnest($1::text[], …)` per batch, whatever its size. Strings use
 * the "C" collation (code point order, as the core's reference search); metric values are
 * `double precision` bound as text so that -0 keeps its sign, with NULL standing for NaN
 * (PostgreSQL's own NaN would compare greater than every number). Concurrent model
 * registrations on one experiment take turns on its row (`FOR NO KEY UPDATE`, which does
 * not block inserts of runs that reference it).
 */
export function createPostgresDialect(settings: PostgresDialectSettings = { lowerCollation: 'default' }): SqlDialect & PostgresDialectSettings {
  return {
    ...settings,
    name: 'postgres',
    capabilities: {
      maxParameters: 65_535,
      queriesPerStatement: 250,
      lateralJoin: 'lateral',
      writesSerialize: false,
      indexIncludedColumns: 'include',
      // B-tree entries are limited to about 2,700 bytes; param and tag values may be 8,000 characters.
      longTextIndex: 'hash',
      dropIndexNamesTable: false,
      hasReleasedVersion1Schema: false,
    },
    placeholder: (index) => `$${index}`,
    types: {
      id: 'text COLLATE "C"',
      name: 'text COLLATE "C"',
      key: 'text COLLATE "C"',
      path: 'text COLLATE "C"',
      text: 'text COLLATE "C"',
      integer: 'bigint',
      double: 'double precision',
      boolean: 'smallint',
      serialPrimaryKey: 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    },
    metricValue: nullAsNaNMetricValueCodec('double precision', (value) => (Object.is(value, -0) ? '-0' : value)),
    clusteredTableSuffix: '',
    createTableIfMissing: (table, body) => `CREATE TABLE IF NOT EXISTS ${table} (${body})`,
    tableExistsSql: 'SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
    // One migrator per schema at a time; other schemas of the database migrate in parallel.
    migrationLockSql: ["SELECT pg_advisory_xact_lock(hashtext('mlops-ts migrations ' || current_schema()))"],
    recordSchemaVersion: () => [],
    insertIfAbsent: onConflictInsertIfAbsent,
    upsert: onConflictUpsert,
    limitOffset: limitOffsetClause,
    insertRows: (table, columns, values) => unnestPlans(`INSERT INTO ${table}`, columns, values, ''),
    upsertRows: (table, columns, values, conflictColumns, updateColumns, condition) =>
      unnestPlans(`INSERT INTO ${table}`, columns, values, ` ${onConflictUpdateClause(table, conflictColumns, updateColumns, condition)}`),
    stringListSelect: 'SELECT jsonb_array_elements_text(CAST(? AS jsonb))',
    like(valueSql, pattern, caseInsensitive) {
      if (!caseInsensitive) return { sql: `${valueSql} LIKE ? ESCAPE '\\'`, params: [pattern] };
      return { sql: `lower(${valueSql} COLLATE "${this.lowerCollation.replaceAll('"', '""')}") LIKE ? ESCAPE '\\'`, params: [pattern.toLowerCase()] };
    },
  };
}

/**
 * One statement for the whole batch: each column travels as one array parameter (an
 * array literal built here, which is much faster than letting pg quote every element)
 * and `unnest` turns the arrays back into rows.
 */
function unnestPlans(insert: string, columns: readonly BulkColumn[], values: BulkValues, suffix: string): SqlStatementPlan[] {
  if (rowCount(values) === 0) return [];
  const arrays = columns.map((column) => `CAST(? AS ${arrayTypeOf(column.type)})`).join(', ');
  return [
    {
      sql: `${insert} (${columns.map((column) => column.name).join(', ')}) SELECT * FROM unnest(${arrays})${suffix}`,
      params: columns.map((column, index) => arrayLiteral(values[index]!, isTextType(column.type))),
    },
  ];
}

function isTextType(type: string): boolean {
  return type.startsWith('text');
}

/** `text COLLATE "C"` → `text[]`; `bigint` → `bigint[]`. */
function arrayTypeOf(type: string): string {
  return `${type.replace(/\s+COLLATE\s+.*$/i, '')}[]`;
}

/** A PostgreSQL array literal: `{1,2,NULL}` or `{"a","b\"c"}`. */
export function arrayLiteral(values: readonly unknown[], isText: boolean): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) literal += ',';
    const value = values[index];
    if (value === null || value === undefined) literal += 'NULL';
    else if (isText) literal += `"${String(value).replace(/[\\"]/g, '\\$&')}"`;
    else literal += String(value);
  }
  return `${literal}}`;
}
