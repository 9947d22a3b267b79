import { SqlMetadataStore } from '@mlops-ts/sql';
import { SqlServerDatabase } from './sql-server-database.js';
import { sqlServerDialect } from './sql-server-dialect.js';
import { sqlServerProviderId } from './sql-server-errors.js';
import { describeSqlServerTarget, resolveSQLServerOptions, type SQLServerOptions } from './sql-server-options.js';

/**
 * A metadata store in SQL Server or Azure SQL Database (over an mssql pool). It runs the
 * relational store of `@mlops-ts/sql` (schema, migrations, queries, search compiled to
 * SQL); connecting runs pending migrations under an application lock. Each method
 * behaves as documented on `MetadataStoreV1`.
 *
 * @example
 * const store = new SQLServerMetadataStore(process.env.SQLSERVER_CONNECTION_STRING!);
 * const mlops = await new MLOpsBuilder().useMetadataStore(store).build();
 */
export class SQLServerMetadataStore extends SqlMetadataStore {
  /** Where the store keeps its data, for messages: database, server and port (never the password). */
  readonly target: string;

  /** @throws MLOpsError INVALID_ARGUMENT for a malformed connection string or a configuration without a server. */
  constructor(connectionStringOrOptions: string | SQLServerOptions) {
    const options = resolveSQLServerOptions(connectionStringOrOptions);
    const target = describeSqlServerTarget(options);
    super({
      providerId: sqlServerProviderId,
      dialect: sqlServerDialect,
      storeLabel: `The SQL Server store for ${target}`,
      databaseLabel: `The SQL Server ${target}`,
      packageName: '@mlops-ts/sql-server',
      builderMethod: 'useSQLServer()',
      open: () => SqlServerDatabase.open(options, target),
    });
    this.target = target;
  }
}
