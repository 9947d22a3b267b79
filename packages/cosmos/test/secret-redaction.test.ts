import { MLOpsBuilder } from '@mlops-ts/core';
import { closedPort, expectMLOpsError, expectNoSecretIn } from '@mlops-ts/provider-tests';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { CosmosMetadataStore } from '../src/index.js';
import { dropDatabase, localCosmosOptions } from './support/local-cosmos.js';

// An account key has the shape of the local server's; any base64 key works there.
const accountKey = Buffer.from('an account key only these tests know, 64 bytes long like Azure!').toString('base64');
const connectionString = `AccountEndpoint=https://my-account.documents.azure.com:443/;AccountKey=${accountKey};`;

describe('Cosmos DB account keys', () => {
  it('never show in the store, its options or the builder, before or after connecting', async () => {
    const options = localCosmosOptions({ key: accountKey });
    const store = new CosmosMetadataStore(options);
    expectNoSecretIn(store, accountKey, 'the store');
    expectNoSecretIn(store.options, accountKey, 'the store options');
    expectNoSecretIn(new MLOpsBuilder().useCosmosDb(options.endpoint, accountKey, { databaseId: options.databaseId! }), accountKey, 'the builder');
    await store.connect();
    try {
      expect(store.options).toMatchObject({ databaseId: options.databaseId, containerPrefix: '', createIfMissing: true, authentication: 'key' });
      expectNoSecretIn(store, accountKey, 'the connected store');
    } finally {
      await store.close();
      await dropDatabase(options.databaseId!);
    }
  });

  it('never show in the error for a connection string, or a key, passed where the endpoint goes', async () => {
    for (const endpoint of [connectionString, accountKey, `  ${connectionString}`]) {
      const error = await expectMLOpsError(async () => new CosmosMetadataStore({ endpoint, key: accountKey }), 'INVALID_ARGUMENT', { providerId: 'cosmos' });
      expectNoSecretIn(error, accountKey, `the error for endpoint ${endpoint.slice(0, 16)}…`);
    }
    const pasted = await expectMLOpsError(async () => new MLOpsBuilder().useCosmosDb(connectionString, accountKey), 'INVALID_ARGUMENT');
    expect(pasted.message).toMatch(/connection string/);
    expect(pasted.message).toMatch(/AccountEndpoint/);
  });

  it('never show in the error when the account cannot be reached', async () => {
    const store = new CosmosMetadataStore({
      endpoint: `https://127.0.0.1:${await closedPort()}/`,
      key: accountKey,
      clientOptions: { connectionPolicy: { enableEndpointDiscovery: false, requestTimeout: 2_000, retryOptions: { maxRetryAttemptCount: 0 } } },
    });
    const error = await expectMLOpsError(() => store.connect(), 'UNAVAILABLE', { providerId: 'cosmos', withinMs: 30_000 });
    expectNoSecretIn(error, accountKey, 'the connection error');
    expectNoSecretIn(store, accountKey, 'the store after a failed connect');
    await store.close();
  });
});
