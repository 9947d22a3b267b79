import { MLOpsError } from '@mlops-ts/core';
import type { MetricValueCodec, SqlFragment } from './metric-value-codec.js';

/**
 * Column types the shared schema uses, in the dialect's spelling. Every string column
 * compares and sorts by Unicode code point (a binary collation), as the core's reference
 * search does.
 */
export interface SqlColumnTypes {
  /** Entity ids (UUID v7 text, 36 characters). */
  id: string;
  /** Experiment and deployment target names (up to 500 characters), unique and indexed. */
  name: string;
  /** Metric, param and tag keys, statuses, hashes, package and data set names (up to 250 characters), indexed. */
  key: string;
  /** Run artifact names: relative paths of up to 1,000 characters, unique per run. */
  path: string;
  /** Free text, possibly long: param and tag values, descriptions, JSON documents. */
  text: string;
  /** 64-bit integers: epoch milliseconds, steps, sizes, counts. */
  integer: string;
  /** float64. */
  double: string;
  /** A flag stored as 0 or 1. */
  boolean: string;
  /** A generated 64-bit integer primary key that grows with insertion order (column definition). */
  serialPrimaryKey: string;
}

/** One column of a bulk write: its name and type (a `SqlColumnTypes` value). */
export interface BulkColumn {
  name: string;
  type: string;
}

/**
 * A statement to run: once with `params`, or once per row of `columns` (drivers such as
 * SQLite reuse one prepared statement). SQL uses `?` placeholders; the shared layer
 * converts them to the dialect's form.
 */
export type SqlStatementPlan = { sql: string; params: readonly unknown[] } | { sql: string; columns: BulkValues };

/**
 * Values of many rows, column by column: `columns[c][r]` is column `c` of row `r`. Bulk
 * writes pass values this way because it costs no allocation per row, and it is the
 * shape PostgreSQL's `unnest` takes.
 */
export type BulkValues = readonly (readonly unknown[])[];

/** How `upsert` names the stored and the incoming row in an update condition. */
export type UpsertCondition = (incoming: string, stored: string) => string;

/**
 * What a database can do, as plain values: the shared layer branches on these, never on
 * the database's name (Kysely keeps a dialect's `supportsX` flags apart from its SQL the
 * same way). Each is a fact about the database, not SQL text.
 */
export interface SqlCapabilities {
  /** Most values one statement may bind (SQL Server 2,100). */
  readonly maxParameters: number;
  /**
   * How many small queries the store combines into one statement (UNION ALL) when it
   * needs many: 1 where a round-trip costs nothing and prepared statements are reused
   * (SQLite), more for servers.
   */
  readonly queriesPerStatement: number;
  /**
   * How a query is joined to each row before it (the row's columns usable inside it):
   * `lateral` (`CROSS JOIN LATERAL`, PostgreSQL) or `apply` (`CROSS APPLY`, SQL Server).
   * Down-sampling then asks one query about every bucket in one statement, planned once.
   * Absent: no such join (SQLite), and the queries go one by one or by UNION ALL.
   */
  readonly lateralJoin?: 'lateral' | 'apply';
  /**
   * True when a write transaction already excludes every other writer until it ends
   * (SQLite's `BEGIN IMMEDIATE`): migrations then need no lock of their own, and the dialect
   * has no `migrationLockSql`. When false, the dialect must provide it. (Model versions need
   * no lock on any database: incrementing a registered model's counter row locks it.)
   */
  readonly writesSerialize: boolean;
  /**
   * How an index carries columns it does not sort by: `include` (`INCLUDE (…)`, PostgreSQL
   * and SQL Server) or `trailing-keys` (appended to the key, where INCLUDE does not exist).
   */
  readonly indexIncludedColumns: 'include' | 'trailing-keys';
  /**
   * How a column of long text (param and tag values, up to 8,000 characters) is indexed
   * for equality: `key` (in a B-tree key; entries have no size limit, SQLite), `hash` (a
   * hash index of its own, since B-tree entries are size-limited, PostgreSQL) or
   * `included` (an included column of the key's index, since index keys are limited to
   * 1,700 bytes and there is no hash index, SQL Server).
   */
  readonly longTextIndex: 'key' | 'hash' | 'included';
  /** Whether `DROP INDEX` names the table too (`DROP INDEX name ON table`, T-SQL). */
  readonly dropIndexNamesTable: boolean;
  /**
   * Whether databases of this dialect may hold schema version 1 as written before the
   * shared layer existed (only SQLite files): tags in JSON text columns with a default of
   * `'{}'`, which version 2 copies into the tag tables with `json_each`.
   */
  readonly hasReleasedVersion1Schema: boolean;
}

/**
 * How the database spells what differs: placeholders, column types, upserts, paging,
 * bulk writes, locks. Methods return SQL with `?` placeholders unless they say
 * otherwise; none ever writes a value into SQL text.
 */
export interface SqlStatementBuilders {
  /** The text of the n-th (1-based) bound parameter: '?', '$1' or '@p1'. */
  placeholder(index: number): string;
  /** Column types of the schema. */
  readonly types: SqlColumnTypes;
  /** How a metric value is stored, compared and sorted. */
  readonly metricValue: MetricValueCodec;
  /** Appended to CREATE TABLE of tables clustered by their primary key (SQLite: ' WITHOUT ROWID'); else ''. */
  readonly clusteredTableSuffix: string;

  /** `CREATE TABLE` that does nothing when the table exists. */
  createTableIfMissing(table: string, body: string): string;
  /** A query with one parameter (a table name) returning a row when that table exists in the store's schema. */
  readonly tableExistsSql: string;
  /**
   * Statements run first in the migration transaction so only one process migrates at a
   * time (PostgreSQL advisory lock, SQL Server application lock). Required unless
   * `capabilities.writesSerialize`.
   */
  readonly migrationLockSql?: readonly string[];
  /** Extra statements after migrating to `version` (SQLite mirrors it in `PRAGMA user_version`). */
  recordSchemaVersion(version: number): readonly string[];

  /** An INSERT of one row that does nothing when a row with the same `conflictColumns` exists. */
  insertIfAbsent(table: string, columns: readonly string[], conflictColumns: readonly string[]): string;
  /**
   * An INSERT of one row that, when a row with the same `conflictColumns` exists, sets
   * `updateColumns` from the incoming row, only where `condition` holds if one is given.
   */
  upsert(table: string, columns: readonly string[], conflictColumns: readonly string[], updateColumns: readonly string[], condition?: UpsertCondition): string;
  /** The clause after ORDER BY that skips `offset` rows and keeps at most `limit`. */
  limitOffset(limit: number, offset: number): SqlFragment;

  /** Statements inserting the rows of `values` (one array per entry of `columns`) in as few round-trips as the database allows. */
  insertRows(table: string, columns: readonly BulkColumn[], values: BulkValues): SqlStatementPlan[];
  /**
   * Statements upserting the rows of `values` (no two with the same `conflictColumns`),
   * like `upsert` for each row, in as few round-trips as the database allows.
   */
  upsertRows(
    table: string,
    columns: readonly BulkColumn[],
    values: BulkValues,
    conflictColumns: readonly string[],
    updateColumns: readonly string[],
    condition?: UpsertCondition,
  ): SqlStatementPlan[];

  /**
   * Optional: a query whose one row is the earliest point in history order with the
   * smallest (`min`) or largest (`max`) non-NaN value among the `metrics` rows matching
   * `where`, selecting `step, timestamp, <metric value columns>, id`; when there is no
   * such point its row may hold a NaN value (or no row), and is ignored. Without it the
   * store sorts with `ORDER BY … LIMIT 1`.
   */
  extremeMetricPointSql?(where: string, extreme: 'min' | 'max'): string;
  /**
   * A condition that `valueSql` (a string column) matches a filter's LIKE pattern (`%`,
   * `_`, backslash escapes; case-insensitive with Unicode lower-casing when asked), with
   * the pattern bound as parameters.
   */
  like(valueSql: string, pattern: string, caseInsensitive: boolean): SqlFragment;
  /**
   * A SELECT with one `?` parameter, a JSON array of strings, whose one column holds those
   * strings, comparable with id and key columns (SQLite `json_each`, PostgreSQL
   * `jsonb_array_elements_text`, SQL Server `OPENJSON`): how a list longer than the
   * parameter limit travels in one statement.
   */
  readonly stringListSelect: string;
}

/**
 * What differs between the relational databases `SqlMetadataStore` runs on: what the
 * database can do (`capabilities`, plain values) and how it spells statements (the
 * builders). Everything else (schema, migrations, queries, filter compilation) is shared.
 */
export interface SqlDialect extends SqlStatementBuilders {
  /** The database's name for messages, e.g. 'sqlite'. Shared code never chooses SQL by it. */
  readonly name: string;
  /** What the database can do. */
  readonly capabilities: SqlCapabilities;
}

/**
 * Checks what the type system cannot: a dialect whose writes do not serialize provides a
 * migration lock.
 *
 * @throws MLOpsError INVALID_ARGUMENT naming the missing member.
 */
export function checkDialect(dialect: SqlDialect): SqlDialect {
  if (!dialect.capabilities.writesSerialize) {
    for (const member of ['migrationLockSql'] as const) {
      if (dialect[member] === undefined) {
        throw new MLOpsError(
          'INVALID_ARGUMENT',
          `The SQL dialect '${dialect.name}' has no ${member}, which a database whose writes do not serialize needs. Add it to the dialect, or set capabilities.writesSerialize if write transactions exclude each other.`,
        );
      }
    }
  }
  return dialect;
}
