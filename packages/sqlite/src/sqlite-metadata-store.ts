import { SqlMetadataStore } from '@mlops-ts/sql';
import { SQLiteDatabase } from './sqlite-database.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { sqliteProviderId } from './sqlite-errors.js';
import { resolveSQLiteOptions, type SQLiteOptions } from './sqlite-options.js';

/**
 * A metadata store in one SQLite file (better-sqlite3), safe for several processes
 * writing to the same file: WAL mode, `BEGIN IMMEDIATE` write transactions and retries
 * while another process holds the lock. It runs the relational store of
 * `@mlops-ts/sql` (schema, migrations, queries, search compiled to SQL); opening it
 * runs pending migrations. Each method behaves as documented on `MetadataStoreV1`.
 *
 * @example
 * const store = new SQLiteMetadataStore({ path: 'mlops/mlops.db' });
 * const mlops = await new MLOpsBuilder().useMetadataStore(store).build();
 */
export class SQLiteMetadataStore extends SqlMetadataStore {
  /** The absolute path of the database file, resolved when the store is created (or ':memory:'). */
  readonly path: string;

  /** @throws MLOpsError INVALID_ARGUMENT for an empty path or a negative busy timeout. */
  constructor(options: SQLiteOptions) {
    const resolved = resolveSQLiteOptions(options);
    super({
      providerId: sqliteProviderId,
      dialect: sqliteDialect,
      storeLabel: `The SQLite store for '${resolved.path}'`,
      databaseLabel: `The SQLite database '${resolved.path}'`,
      packageName: '@mlops-ts/sqlite',
      builderMethod: 'useSQLite()',
      open: () => SQLiteDatabase.open(resolved),
    });
    this.path = resolved.path;
  }
}
