// Reads the built .d.ts files (package exports), so it proves that the augmentation
// survives the build, as a user importing the published package sees it.
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/cosmos';
import { CosmosMetadataStore, type CosmosDbConnectionOptions, type CosmosDbOptions, type CosmosTokenCredential } from '@mlops-ts/cosmos';
import { describe, expectTypeOf, test } from 'vitest';

declare const credential: CosmosTokenCredential;

describe('useCosmosDb() builder augmentation', () => {
  test('useCosmosDb takes an endpoint and key with options, or one options object, and returns the builder', () => {
    expectTypeOf(new MLOpsBuilder().useCosmosDb('https://a.documents.azure.com', 'key')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useCosmosDb('https://a.documents.azure.com', 'key', { databaseId: 'mlops', throughput: 400 })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useCosmosDb({ endpoint: 'https://a.documents.azure.com', credential })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useCosmosDb({ endpoint: 'e', key: 'k' }).useLocalFileModelRepository()).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf<CosmosDbConnectionOptions>().toMatchTypeOf<CosmosDbOptions>();
  });

  test('useCosmosDb refuses arguments of the wrong shape', () => {
    // @ts-expect-error the endpoint is a string
    new MLOpsBuilder().useCosmosDb(42, 'key');
    // @ts-expect-error the options need an endpoint
    new MLOpsBuilder().useCosmosDb({ key: 'k' });
    // @ts-expect-error createIfMissing is a boolean
    new MLOpsBuilder().useCosmosDb('e', 'k', { createIfMissing: 'yes' });
  });

  test('CosmosMetadataStore is a v1 metadata store with native search', () => {
    const store = new CosmosMetadataStore({ endpoint: 'https://a.documents.azure.com', key: 'k' });
    expectTypeOf(store).toHaveProperty('specificationVersion').toEqualTypeOf<'v1'>();
    expectTypeOf(new MLOpsBuilder().useMetadataStore).toBeCallableWith(store);
    expectTypeOf(store.searchRuns).toBeFunction();
  });
});
