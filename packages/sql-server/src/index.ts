import { extendBuilder, type MLOpsBuilder } from '@mlops-ts/core';
import { SQLServerMetadataStore } from './sql-server-metadata-store.js';
import type { SQLServerOptions } from './sql-server-options.js';

export { SQLServerMetadataStore } from './sql-server-metadata-store.js';
export type { SQLServerOptions } from './sql-server-options.js';
export { parseSqlServerConnectionString } from './connection-string.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Keeps metadata in SQL Server or Azure SQL Database. Pass the connection string the
     * Azure portal shows (ADO.NET, ODBC or JDBC form), an `mssql://` URL, or an mssql
     * configuration object. Tables are created (and migrated) on `build()`.
     *
     * @example
     * import { MLOpsBuilder } from '@mlops-ts/core';
     * import '@mlops-ts/sql-server';
     * await using mlops = await new MLOpsBuilder()
     *   .useSQLServer('Server=tcp:myserver.database.windows.net,1433;Initial Catalog=mlops;User ID=mlops;Password=…;Encrypt=True;')
     *   .useLocalFileModelRepository()
     *   .build();
     */
    useSQLServer(connectionStringOrOptions: string | SQLServerOptions): this;
  }
}

extendBuilder('useSQLServer', function useSQLServer(this: MLOpsBuilder, connectionStringOrOptions: string | SQLServerOptions) {
  return this.useMetadataStore(new SQLServerMetadataStore(connectionStringOrOptions));
});
