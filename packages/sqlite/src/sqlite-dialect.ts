import {
  eachRowPlan,
  limitOffsetClause,
  nullAsNaNMetricValueCodec,
  onConflictInsertIfAbsent,
  onConflictUpsert,
  placeholderList,
  StatementCache,
  type SqlDialect,
} from '@mlops-ts/sql';

const statements = new StatementCache();

/**
 * The name of the SQL function the store registers on each connection: JavaScript's
 * `toLowerCase` (full Unicode), since SQLite's own `lower()` only folds ASCII.
 */
export const lowerFunctionName = 'mlops_lower';

/**
 * SQLite's dialect: `?` placeholders, `ON CONFLICT` upserts, one prepared statement
 * reused per row for bulk writes (a round-trip costs nothing in-process, and it measured
 * as fast as multi-row VALUES), and no row locks: `BEGIN IMMEDIATE` already serializes
 * writers. Metric values live in a typeless column so doubles round-trip exactly (-0,
 * ±Infinity); NULL stands for NaN.
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  capabilities: {
    maxParameters: 32_766,
    queriesPerStatement: 1,
    writesSerialize: true,
    indexIncludedColumns: 'trailing-keys',
    longTextIndex: 'key',
    dropIndexNamesTable: false,
    hasReleasedVersion1Schema: true,
  },
  placeholder: () => '?',
  types: {
    id: 'TEXT',
    name: 'TEXT',
    key: 'TEXT',
    path: 'TEXT',
    text: 'TEXT',
    integer: 'INTEGER',
    double: 'REAL',
    boolean: 'INTEGER',
    serialPrimaryKey: 'INTEGER PRIMARY KEY',
  },
  metricValue: nullAsNaNMetricValueCodec(''),
  clusteredTableSuffix: ' WITHOUT ROWID',
  createTableIfMissing: (table, body) => `CREATE TABLE IF NOT EXISTS ${table} (${body})`,
  tableExistsSql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
  // Older @mlops-ts/sqlite releases read the version from user_version: keep it in step
  // so they refuse a newer file instead of misreading it. (PRAGMA takes no parameters;
  // the version is an integer this package controls.)
  recordSchemaVersion: (version) => [`PRAGMA user_version = ${Math.trunc(version)}`],
  insertIfAbsent: onConflictInsertIfAbsent,
  upsert: onConflictUpsert,
  limitOffset: limitOffsetClause,
  insertRows: (table, columns, values) =>
    eachRowPlan(
      statements.get(columns, null, table, () => `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')}) VALUES (${placeholderList(columns.length)})`),
      values,
    ),
  upsertRows: (table, columns, values, conflictColumns, updateColumns, condition) =>
    eachRowPlan(
      statements.get(columns, condition ?? null, `${table}|${conflictColumns.join()}|${updateColumns.join()}`, () =>
        onConflictUpsert(
          table,
          columns.map((column) => column.name),
          conflictColumns,
          updateColumns,
          condition,
        ),
      ),
      values,
    ),
  // SQLite's min() and max() skip NULLs (NaN), keep the first row with the extreme value
  // and take bare columns from it; the index scan visits points in history order. One
  // pass, no sort. (All NaN: the value is NULL, and the store ignores the row.)
  extremeMetricPointSql: (where, extreme) => `SELECT step, timestamp, ${extreme === 'min' ? 'MIN' : 'MAX'}(value) AS value, id FROM metrics WHERE ${where}`,
  stringListSelect: 'SELECT value FROM json_each(?)',
  like(valueSql, pattern, caseInsensitive) {
    // GLOB is SQLite's case-sensitive matcher; LIKE folds ASCII case. The pattern is
    // translated, then bound: `?` of GLOB matches one code point, as `_` must.
    if (caseInsensitive) return { sql: `${lowerFunctionName}(${valueSql}) GLOB ?`, params: [likeToGlob(pattern.toLowerCase())] };
    return { sql: `${valueSql} GLOB ?`, params: [likeToGlob(pattern)] };
  },
};

/**
 * Translates a filter LIKE pattern (`%`, `_`, backslash escapes) into an equivalent GLOB
 * pattern: `*`, `?`, and GLOB's own special characters bracketed as literals.
 */
export function likeToGlob(pattern: string): string {
  const chars = Array.from(pattern);
  let glob = '';
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (char === '\\' && index + 1 < chars.length) glob += literal(chars[++index]!);
    else if (char === '%') glob += '*';
    else if (char === '_') glob += '?';
    else glob += literal(char);
  }
  return glob;
}

function literal(char: string): string {
  return char === '*' || char === '?' || char === '[' ? `[${char}]` : char;
}
