import { Readable } from 'node:stream';
import { MLOpsBuilder, type MLOpsErrorCode } from '@mlops-ts/core';
import { closedPort, expectMLOpsError } from '@mlops-ts/provider-tests';
import { describe, expect, it } from 'vitest';
import { S3ModelRepository } from '../src/index.js';
import { testRepositoryOptions } from './support/test-repository.js';

/** Every failure below must surface well within this, retries included. */
const boundMs = 10_000;

function expectFailure(action: () => Promise<unknown>, code: MLOpsErrorCode, mentions: string[]): Promise<unknown> {
  return expectMLOpsError(action, code, { providerId: 's3', mentions, withCause: true, withinMs: boundMs });
}

describe('S3ModelRepository errors', () => {
  it('wrong credentials are PERMISSION_DENIED naming the bucket and the credentials to check', async () => {
    const repository = new S3ModelRepository(testRepositoryOptions({ credentials: { accessKeyId: 'WRONG-KEY', secretAccessKey: 'wrong' } }));
    await expectFailure(() => repository.connect(), 'PERMISSION_DENIED', ["'models'", 'access key']);
    await expectFailure(() => repository.put('a.bin', Readable.from(['x'])), 'PERMISSION_DENIED', ['InvalidAccessKeyId', "'a.bin'"]);
    await expectFailure(() => repository.get('a.bin'), 'PERMISSION_DENIED', ['InvalidAccessKeyId']);
    await repository.close();
  });

  it('a missing bucket is NOT_FOUND naming the bucket, through build() and through operations', async () => {
    const options = testRepositoryOptions({ bucket: 'no-such-bucket' });
    await expectFailure(() => new MLOpsBuilder().useInMemoryMetadataStore().useModelRepository(new S3ModelRepository(options)).build(), 'NOT_FOUND', [
      "'no-such-bucket'",
      'createBucketIfMissing',
    ]);
    const repository = new S3ModelRepository(options);
    await expectFailure(() => repository.put('a.bin', Readable.from(['x'])), 'NOT_FOUND', ["'no-such-bucket'"]);
    await expectFailure(async () => {
      for await (const object of repository.list('')) void object;
    }, 'NOT_FOUND', ["'no-such-bucket'"]);
    await repository.close();
  });

  it('createBucketIfMissing creates the bucket on connect', async () => {
    const bucket = `created-${Date.now()}`;
    const repository = new S3ModelRepository(testRepositoryOptions({ bucket, createBucketIfMissing: true }));
    await repository.connect();
    await repository.connect();
    await repository.put('a.bin', Readable.from(['x']));
    expect(await repository.exists('a.bin')).toBe(true);
    await repository.close();
  });

  it('an unreachable endpoint is UNAVAILABLE within a bounded time, retries included', async () => {
    const repository = new S3ModelRepository(testRepositoryOptions({ endpoint: `http://127.0.0.1:${await closedPort()}` }));
    await expectFailure(() => repository.connect(), 'UNAVAILABLE', ["'models'", 'reachable']);
    await expectFailure(() => repository.get('a.bin'), 'UNAVAILABLE', ['ECONNREFUSED']);
    await expectFailure(() => repository.put('a.bin', Readable.from(['x'])), 'UNAVAILABLE', ['running']);
    await repository.close();
  });

  it('refuses a part size below 5 MiB and a missing bucket name at construction', () => {
    expect(() => new S3ModelRepository(testRepositoryOptions({ partSizeBytes: 1024 }))).toThrow(/5 MiB/);
    expect(() => new S3ModelRepository({ bucket: '' })).toThrow(/bucket name/);
  });
});
