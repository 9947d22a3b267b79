// Reads the built .d.ts files (package exports), so it proves that the augmentation
// survives the build, as a user importing the published package sees it.
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/sqlite';
import { SQLiteMetadataStore, type SQLiteOptions } from '@mlops-ts/sqlite';
import { describe, expectTypeOf, test } from 'vitest';

describe('useSQLite() builder augmentation', () => {
  test('useSQLite accepts a path, options or nothing and returns the builder', () => {
    expectTypeOf(new MLOpsBuilder().useSQLite('x.db')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useSQLite({ path: 'x.db', busyTimeoutMs: 1_000 })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useSQLite()).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useSQLite('x.db').useLocalFileModelRepository()).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf<MLOpsBuilder['useSQLite']>().parameter(0).toEqualTypeOf<string | SQLiteOptions | undefined>();
  });

  test('useSQLite refuses arguments that are not a path or options', () => {
    // @ts-expect-error a number is not a path
    new MLOpsBuilder().useSQLite(42);
    // @ts-expect-error the busy timeout is a number of milliseconds
    new MLOpsBuilder().useSQLite({ path: 'x.db', busyTimeoutMs: '5s' });
  });

  test('SQLiteMetadataStore is a v1 metadata store', () => {
    expectTypeOf(new SQLiteMetadataStore({ path: ':memory:' })).toHaveProperty('specificationVersion').toEqualTypeOf<'v1'>();
    expectTypeOf(new MLOpsBuilder().useMetadataStore).toBeCallableWith(new SQLiteMetadataStore({ path: 'x.db' }));
  });
});
