import { Readable } from 'node:stream';
import { StorageSharedKeyCredential } from '@azure/storage-blob';
import { MLOpsBuilder, type MLOpsErrorCode } from '@mlops-ts/core';
import { closedPort, expectMLOpsError } from '@mlops-ts/provider-tests';
import { describe, expect, inject, it } from 'vitest';
import { AzureBlobModelRepository } from '../src/index.js';
import { azuriteAccount, azuriteConnectionString, uniqueContainerName } from './support/test-repository.js';

/** Every failure below must surface well within this, retries included. */
const boundMs = 10_000;
const wrongKey = Buffer.from('not the account key, not at all').toString('base64');

function expectFailure(action: () => Promise<unknown>, code: MLOpsErrorCode, mentions: string[]): Promise<unknown> {
  return expectMLOpsError(action, code, { providerId: 'azure-blob', mentions, withCause: true, withinMs: boundMs });
}

describe('AzureBlobModelRepository errors', () => {
  it('a wrong account key is PERMISSION_DENIED naming the container and what to check', async () => {
    const container = uniqueContainerName();
    const repository = new AzureBlobModelRepository({ connectionString: azuriteConnectionString({ key: wrongKey }), container });
    await expectFailure(() => repository.connect(), 'PERMISSION_DENIED', [`'${container}'`, 'account key']);
    await expectFailure(() => repository.put('a.bin', Readable.from(['x'])), 'PERMISSION_DENIED', ["'a.bin'"]);
    await expectFailure(() => repository.get('a.bin'), 'PERMISSION_DENIED', ["'a.bin'"]);
  });

  it('a wrong key through a StorageSharedKeyCredential is PERMISSION_DENIED too', async () => {
    const repository = new AzureBlobModelRepository({
      accountUrl: inject('azuriteBlobEndpoint'),
      credential: new StorageSharedKeyCredential(azuriteAccount.name, wrongKey),
      container: uniqueContainerName(),
    });
    await expectFailure(() => repository.connect(), 'PERMISSION_DENIED', ['Storage Blob Data Contributor']);
  });

  it('a missing container is NOT_FOUND naming it, through build() and through operations', async () => {
    const container = uniqueContainerName();
    const options = { connectionString: azuriteConnectionString(), container, createContainerIfMissing: false };
    await expectFailure(() => new MLOpsBuilder().useInMemoryMetadataStore().useModelRepository(new AzureBlobModelRepository(options)).build(), 'NOT_FOUND', [
      `'${container}'`,
      'createContainerIfMissing',
    ]);
    const repository = new AzureBlobModelRepository(options);
    await expectFailure(() => repository.put('a.bin', Readable.from(['x'])), 'NOT_FOUND', [`'${container}'`]);
    await expectFailure(() => repository.get('a.bin'), 'NOT_FOUND', [`'${container}'`]);
    await expectFailure(() => repository.exists('a.bin'), 'NOT_FOUND', [`'${container}'`]);
    await expectFailure(async () => {
      for await (const object of repository.list('')) void object;
    }, 'NOT_FOUND', [`'${container}'`]);
  });

  it('with a connection string the container is created on connect by default', async () => {
    const repository = new AzureBlobModelRepository({ connectionString: azuriteConnectionString(), container: uniqueContainerName() });
    await repository.connect();
    await repository.connect();
    await repository.put('a.bin', Readable.from(['x']));
    expect(await repository.exists('a.bin')).toBe(true);
    await repository.containerClient.delete();
  });

  it('an unreachable endpoint is UNAVAILABLE within a bounded time, retries included', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}/devstoreaccount1`;
    const repository = new AzureBlobModelRepository({ connectionString: azuriteConnectionString({ endpoint }), container: uniqueContainerName() });
    await expectFailure(() => repository.connect(), 'UNAVAILABLE', ['reachable']);
    await expectFailure(() => repository.get('a.bin'), 'UNAVAILABLE', ["'a.bin'"]);
    await expectFailure(() => repository.put('a.bin', Readable.from(['x'])), 'UNAVAILABLE', ['running']);
  });
});
