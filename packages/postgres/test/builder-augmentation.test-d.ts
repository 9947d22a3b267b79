// Reads the built .d.ts files (package exports), so it proves that the augmentation
// survives the build, as a user importing the published package sees it.
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/postgres';
import { PostgresMetadataStore, type PostgresOptions } from '@mlops-ts/postgres';
import { describe, expectTypeOf, test } from 'vitest';

describe('usePostgres() builder augmentation', () => {
  test('usePostgres accepts a connection string or pool options and returns the builder', () => {
    expectTypeOf(new MLOpsBuilder().usePostgres('postgres://localhost/mlops')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().usePostgres({ host: 'db', port: 5432, schema: 'mlops', max: 20 })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf<MLOpsBuilder['usePostgres']>().parameter(0).toEqualTypeOf<string | PostgresOptions>();
  });

  test('usePostgres refuses arguments that are not a connection string or options', () => {
    // @ts-expect-error a number is not a connection string
    new MLOpsBuilder().usePostgres(5432);
    // @ts-expect-error the schema is a name
    new MLOpsBuilder().usePostgres({ schema: 1 });
  });

  test('PostgresMetadataStore is a v1 metadata store', () => {
    expectTypeOf(new PostgresMetadataStore('postgres://x')).toHaveProperty('specificationVersion').toEqualTypeOf<'v1'>();
    expectTypeOf(new MLOpsBuilder().useMetadataStore).toBeCallableWith(new PostgresMetadataStore('postgres://x'));
  });
});
