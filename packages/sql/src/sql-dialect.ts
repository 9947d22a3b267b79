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
 * What differs between the relational databases `SqlMetadataStore` runs on. Everything
 * else (schema, migrations, queries, filter compilation) is shared. Methods return SQL
 * with `?` placeholders unless they say otherwise; none ever writes a value into SQL text.
 */
export interface SqlDialect {
  /** Short name used in messages and schema decisions: 'sqlite', 'postgres', 'sql-server'. */
  readonly name: string;
  /** The text of the n-th (1-based) bound parameter: '?', '$1' or '@p1'. */
  placeholder(index: number): string;
  /** Most values one statement may bind (SQL Server 2,100). */
  readonly maxParameters: number;
  /**
   * How many small queries the store combines into one statement (UNION ALL) when it
   * needs many: 1 where a round-trip costs nothing and prepared statements are reused
   * (SQLite), more for servers.
   */
  readonly queriesPerStatement: number;
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
   * time (PostgreSQL advisory lock, SQL Server application lock); empty when the write
   * transaction already excludes other writers (SQLite).
   */
  readonly migrationLockSql: readonly string[];
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
  /**
   * A statement with one parameter (an experiment id) that makes concurrent
   * registrations on one experiment take turns until commit, so `MAX(version) + 1` is
   * unique; null when write transactions already exclude each other (SQLite).
   */
  readonly lockExperimentSql: string | null;

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
}
