import { measureLargeTransfer } from '@mlops-ts/provider-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestRepository } from './support/test-repository.js';

describe('AzureBlobModelRepository with a 512 MiB artifact', () => {
  const repository = createTestRepository();
  afterAll(async () => {
    await repository.containerClient.deleteIfExists();
  });

  it('uploads and downloads it intact with peak memory growth under 128 MiB', async () => {
    await repository.connect();
    // This test file runs in its own worker process, so its peak RSS is the transfer's.
    const measured = await measureLargeTransfer(repository, { sizeBytes: 512 * 1024 * 1024 });
    console.info(`azure-blob ${measured.summary}`);
    expect(measured.peakRssGrowthBytes).toBeLessThan(128 * 1024 * 1024);
  }, 300_000);
});
