import { MLOpsBuilder } from '@mlops-ts/core';
import { closedPort, expectMLOpsError, expectNoSecretIn } from '@mlops-ts/provider-tests';
import { describe, it } from 'vitest';
import '../src/index.js';
import { SQLServerMetadataStore, type SQLServerOptions } from '../src/index.js';

// Holds the characters that end or quote values in each form: ';', '@', '}', quotes, '%'.
const password = `Pw;0n@ly}in'te"sts%`;
const braced = `{${password.replaceAll('}', '}}')}}`;

/** The same login in every form useSQLServer() takes, pointed at a port where nothing listens. */
function connectionForms(port: number): [form: string, connection: string | SQLServerOptions][] {
  return [
    ['ADO.NET', `Server=tcp:127.0.0.1,${port};Initial Catalog=mlops;User ID=sa;Password=${braced};Encrypt=False;Connection Timeout=5`],
    ['ODBC', `Driver={ODBC Driver 18 for SQL Server};Server=tcp:127.0.0.1,${port};Database=mlops;Uid=sa;Pwd=${braced};Encrypt=no;Connection Timeout=5`],
    ['JDBC', `jdbc:sqlserver://127.0.0.1:${port};databaseName=mlops;user=sa;password=${braced};encrypt=false;loginTimeout=5`],
    ['URL', `mssql://sa:${encodeURIComponent(password)}@127.0.0.1:${port}/mlops?encrypt=false&loginTimeout=5`],
    ['configuration object', { server: '127.0.0.1', port, database: 'mlops', user: 'sa', password, connectionTimeout: 5_000, options: { encrypt: false } }],
  ];
}

describe('SQL Server credentials', () => {
  it('never show in a store, its builder, or its connection error, for every form of connection settings', async () => {
    for (const [form, connection] of connectionForms(await closedPort())) {
      const store = new SQLServerMetadataStore(connection);
      expectNoSecretIn(store, password, `the store from the ${form}`);
      expectNoSecretIn(new MLOpsBuilder().useSQLServer(connection), password, `the builder with the ${form}`);
      const error = await expectMLOpsError(() => store.connect(), 'UNAVAILABLE', { providerId: 'sql-server', withinMs: 10_000 });
      expectNoSecretIn(error, password, `the connection error of the ${form}`);
      expectNoSecretIn(store, password, `the store from the ${form} after a failed connect`);
      await store.close();
    }
  });
});
