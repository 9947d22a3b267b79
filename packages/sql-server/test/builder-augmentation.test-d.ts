// Reads the built .d.ts files (package exports), so it proves that the augmentation
// survives the build, as a user importing the published package sees it.
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/sql-server';
import { SQLServerMetadataStore, type SQLServerOptions } from '@mlops-ts/sql-server';
import { describe, expectTypeOf, test } from 'vitest';

describe('useSQLServer() builder augmentation', () => {
  test('useSQLServer accepts a connection string or an mssql configuration and returns the builder', () => {
    expectTypeOf(new MLOpsBuilder().useSQLServer('Server=tcp:x.database.windows.net,1433;Initial Catalog=mlops')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useSQLServer({ server: 'x', database: 'mlops', options: { encrypt: true } })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf<MLOpsBuilder['useSQLServer']>().parameter(0).toEqualTypeOf<string | SQLServerOptions>();
  });

  test('useSQLServer refuses arguments that are not a connection string or a configuration', () => {
    // @ts-expect-error a port number is not a connection string
    new MLOpsBuilder().useSQLServer(1433);
  });

  test('SQLServerMetadataStore is a v1 metadata store', () => {
    expectTypeOf(new SQLServerMetadataStore('Server=x')).toHaveProperty('specificationVersion').toEqualTypeOf<'v1'>();
    expectTypeOf(new MLOpsBuilder().useMetadataStore).toBeCallableWith(new SQLServerMetadataStore('Server=x'));
  });
});
