import { rowCount, type BulkColumn, type BulkValues, type SqlDialect, type UpsertCondition } from '@mlops-ts/sql';
import { sqlServerMetricValueCodec } from './metric-value-columns.js';

/** SQL Server refuses requests with more than 2,100 parameters; keep a margin. */
const parameterLimit = 2_000;
/** A table value constructor (VALUES …) takes at most 1,000 rows. */
const rowsPerValues = 1_000;
/** Binary (code point) comparison and ordering, case- and accent-sensitive, like the core's reference search. */
const collation = 'COLLATE Latin1_General_100_BIN2';

/**
 * SQL Server's (and Azure SQL's) dialect: `@pN` parameters; `INSERT … WHERE NOT EXISTS`
 * and `MERGE` with `UPDLOCK, HOLDLOCK` hints for inserts and upserts that are safe under
 * concurrency; `OFFSET … FETCH` paging; bulk writes as multi-row VALUES in chunks that stay
 * under 2,100 parameters; model registrations that take turns on the experiment's row
 * (`UPDLOCK, HOLDLOCK`); migrations under an application lock (`sp_getapplock`). "key" and
 * "precision" are quoted identifiers (QUOTED_IDENTIFIER is on for every driver session).
 */
export const sqlServerDialect: SqlDialect = {
  name: 'sql-server',
  capabilities: {
    maxParameters: parameterLimit,
    queriesPerStatement: 200,
    lateralJoin: 'apply',
    writesSerialize: false,
    indexIncludedColumns: 'include',
    // Index keys are limited to 1,700 bytes and there is no hash index: values are included, not keyed.
    longTextIndex: 'included',
    dropIndexNamesTable: true,
    hasReleasedVersion1Schema: false,
  },
  placeholder: (index) => `@p${index}`,
  types: {
    id: `nvarchar(64) ${collation}`,
    name: `nvarchar(500) ${collation}`,
    // 450 characters keep every index under SQL Server's 1,700-byte key limit.
    key: `nvarchar(450) ${collation}`,
    path: `nvarchar(780) ${collation}`,
    text: `nvarchar(max) ${collation}`,
    integer: 'bigint',
    double: 'float',
    boolean: 'bit',
    serialPrimaryKey: 'bigint IDENTITY(1,1) PRIMARY KEY',
  },
  metricValue: sqlServerMetricValueCodec,
  clusteredTableSuffix: '',
  createTableIfMissing: (table, body) => `IF OBJECT_ID(N'${table}', N'U') IS NULL CREATE TABLE ${table} (${body})`,
  tableExistsSql: 'SELECT 1 AS found FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_NAME = ?',
  // One migrator per schema at a time; sp_getapplock reports a timeout by its return value, not an error.
  migrationLockSql: [
    `DECLARE @resource nvarchar(255) = N'mlops-ts migrations ' + SCHEMA_NAME();
DECLARE @result int;
EXEC @result = sp_getapplock @Resource = @resource, @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 120000;
IF @result < 0 THROW 51000, N'The mlops-ts migration lock was not granted within 120 s. Another process may be migrating; retry.', 1;`,
  ],
  recordSchemaVersion: () => [],
  insertIfAbsent(table, columns, conflictColumns) {
    const source = columns.map((column) => `? AS ${column}`).join(', ');
    const match = conflictColumns.map((column) => `stored.${column} = incoming.${column}`).join(' AND ');
    return `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((column) => `incoming.${column}`).join(', ')} FROM (SELECT ${source}) AS incoming WHERE NOT EXISTS (SELECT 1 FROM ${table} AS stored WITH (UPDLOCK, HOLDLOCK) WHERE ${match})`;
  },
  upsert(table, columns, conflictColumns, updateColumns, condition) {
    const source = `(SELECT ${columns.map((column) => `? AS ${column}`).join(', ')}) AS incoming`;
    return mergeSql(table, source, columns, conflictColumns, updateColumns, condition);
  },
  limitOffset: (limit, offset) => ({ sql: 'OFFSET ? ROWS FETCH NEXT ? ROWS ONLY', params: [offset, limit] }),
  insertRows(table, columns, values) {
    return valuesChunks(columns, values).map(({ rows, params }) => ({
      sql: `INSERT INTO ${table} (${columns.map((column) => column.name).join(', ')}) VALUES ${rows}`,
      params,
    }));
  },
  upsertRows(table, columns, values, conflictColumns, updateColumns, condition) {
    const names = columns.map((column) => column.name);
    return valuesChunks(columns, values).map(({ rows, params }) => ({
      sql: mergeSql(table, `(VALUES ${rows}) AS incoming (${names.join(', ')})`, names, conflictColumns, updateColumns, condition),
      params,
    }));
  },
  // OPENJSON's values carry the database's collation: compared with the schema's binary one they need it named.
  stringListSelect: `SELECT value ${collation} FROM OPENJSON(?)`,
  like(valueSql, pattern, caseInsensitive) {
    // '[' opens a character class in T-SQL's LIKE; the filter language has none, so it is escaped.
    const escaped = (caseInsensitive ? pattern.toLowerCase() : pattern).replaceAll('[', '\\[');
    return { sql: `${caseInsensitive ? `LOWER(${valueSql})` : valueSql} LIKE ? ESCAPE '\\'`, params: [escaped] };
  },
};

/**
 * `MERGE … WITH (HOLDLOCK)`: the key range stays locked from the match to the insert, so
 * two sessions upserting one key never both insert it.
 */
function mergeSql(
  table: string,
  source: string,
  columns: readonly string[],
  conflictColumns: readonly string[],
  updateColumns: readonly string[],
  condition?: UpsertCondition,
): string {
  const match = conflictColumns.map((column) => `stored.${column} = incoming.${column}`).join(' AND ');
  const assignments = updateColumns.map((column) => `${column} = incoming.${column}`).join(', ');
  const whenMatched = condition ? `WHEN MATCHED AND (${condition('incoming', 'stored')})` : 'WHEN MATCHED';
  return `MERGE INTO ${table} WITH (HOLDLOCK) AS stored USING ${source} ON ${match} ${whenMatched} THEN UPDATE SET ${assignments} WHEN NOT MATCHED THEN INSERT (${columns.join(', ')}) VALUES (${columns.map((column) => `incoming.${column}`).join(', ')});`;
}

/** Multi-row VALUES lists of at most 1,000 rows and 2,000 parameters each. */
function valuesChunks(columns: readonly BulkColumn[], values: BulkValues): { rows: string; params: unknown[] }[] {
  const count = rowCount(values);
  const perStatement = Math.max(1, Math.min(rowsPerValues, Math.floor(parameterLimit / columns.length)));
  const rowSql = `(${columns.map(() => '?').join(', ')})`;
  const chunks: { rows: string; params: unknown[] }[] = [];
  for (let start = 0; start < count; start += perStatement) {
    const end = Math.min(count, start + perStatement);
    const params: unknown[] = [];
    for (let row = start; row < end; row++) for (const column of values) params.push(column[row]);
    chunks.push({ rows: Array.from({ length: end - start }, () => rowSql).join(', '), params });
  }
  return chunks;
}

