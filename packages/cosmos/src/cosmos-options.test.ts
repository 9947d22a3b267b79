import https from 'node:https';
import { MLOpsError } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { defaultConnectionPolicy, resolveCosmosDbOptions } from './cosmos-options.js';

const endpoint = 'https://my-account.documents.azure.com:443/';
const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) };

describe('resolveCosmosDbOptions', () => {
  it('fills in the database, prefix and creation defaults, and the SDK retry options for throttling', () => {
    const resolved = resolveCosmosDbOptions({ endpoint, key: 'a2V5' });
    expect(resolved.options).toEqual({ endpoint, authentication: 'key', databaseId: 'mlops', containerPrefix: '', createIfMissing: true, throughput: undefined });
    expect(resolved.clientOptions).toMatchObject({ endpoint, key: 'a2V5', userAgentSuffix: 'mlops-ts' });
    expect(resolved.clientOptions.connectionPolicy).toEqual({
      requestTimeout: defaultConnectionPolicy.requestTimeout,
      retryOptions: { maxRetryAttemptCount: 20, maxWaitTimeInSeconds: 60 },
    });
  });

  it('passes client options through, merging the connection policy and retry options over the defaults', () => {
    const agent = new https.Agent({ keepAlive: true });
    const resolved = resolveCosmosDbOptions({
      endpoint,
      key: 'a2V5',
      clientOptions: { agent, consistencyLevel: 'Session', connectionPolicy: { requestTimeout: 5_000, retryOptions: { maxRetryAttemptCount: 3 } } },
    });
    expect(resolved.clientOptions.agent).toBe(agent);
    expect(resolved.clientOptions.consistencyLevel).toBe('Session');
    expect(resolved.clientOptions.connectionPolicy).toEqual({ requestTimeout: 5_000, retryOptions: { maxRetryAttemptCount: 3, maxWaitTimeInSeconds: 60 } });
  });

  it('authenticates with a TokenCredential instead of a key', () => {
    const resolved = resolveCosmosDbOptions({ endpoint, credential, databaseId: 'db', containerPrefix: 'team-a-', throughput: 1_000 });
    expect(resolved.clientOptions.aadCredentials).toBe(credential);
    expect(resolved.clientOptions.key).toBeUndefined();
    expect(resolved.options).toMatchObject({ authentication: 'credential', databaseId: 'db', containerPrefix: 'team-a-', throughput: 1_000 });
  });

  it('refuses a missing endpoint, no key and no credential, both, and names Cosmos DB would refuse', () => {
    const invalid = [
      { endpoint: 'my-account', key: 'k' },
      { endpoint: 'AccountEndpoint=https://my-account.documents.azure.com:443/;AccountKey=a2V5;', key: 'k' },
      { endpoint: 'https://user:a2V5@my-account.documents.azure.com/', key: 'k' },
      { endpoint },
      { endpoint, key: 'k', credential },
      { endpoint, key: 'k', databaseId: 'a/b' },
      { endpoint, key: 'k', databaseId: '' },
      { endpoint, key: 'k', containerPrefix: 'x#' },
      { endpoint, key: 'k', throughput: 100 },
      { endpoint, key: 'k', throughput: 400.5 },
    ];
    for (const options of invalid) {
      let caught: unknown;
      try {
        resolveCosmosDbOptions(options);
      } catch (error) {
        caught = error;
      }
      expect(MLOpsError.hasCode(caught, 'INVALID_ARGUMENT'), JSON.stringify(options)).toBe(true);
      expect((caught as MLOpsError).providerId).toBe('cosmos');
    }
  });
});
