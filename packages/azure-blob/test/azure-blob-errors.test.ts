import { Readable } from 'node:stream';
import { StorageSharedKeyCredential } from '@azure/storage-blob';
import { MLOpsBuilder, MLOpsError, type MLOpsErrorCode } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { AzureBlobModelRepository } from '../src/index.js';
import { closedPort } from './support/closed-port.js';
import { azuriteAccount, azuriteConnectionString, uniqueContainerName } from './support/test-repository.js';
import { inject } from 'vitest';

/** Every failure below must surface well within this, retries included. */
const boundMs = 10_000;
const wrongKey = Buffer.from('not the account key, not at all').toString('base64');

async function expectFailure(action: () => Promise<unknown>, code: MLOpsErrorCode, mentions: string[]): Promise<void> {
  const started = performance.now();
  const error = await action().then(
    () => expect.unreachable('the call should have failed'),
    (reason: unknown) => reason,
  );
  const elapsedMs = performance.now() - started;
  if (!MLOpsError.isInstance(error)) throw error;
  expect(error.code, error.message).toBe(code);
  expect(error.providerId).toBe('azure-blob');
  for (const text of mentions) expect(error.message).toContain(text);
  expect(error.cause).toBeDefined();
  expect(elapsedMs).toBeLessThan(boundMs);
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
