import { measureLargeTransfer } from '@mlops-ts/provider-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestRepository } from './support/test-repository.js';

describe('AzureBlobModelRepository with a 512 MiB artifact', () => {
  const repository = createTestRepository();
  afterAll(async () => {
    await repository.containerClient.deleteIfExists();
  });

  it('uploads and downloads it intact, keeping less than a quarter of it in memory at any time', async () => {
    await repository.connect();
    // This test file runs in its own worker process, so its peak RSS is the transfer's.
    const measured = await measureLargeTransfer(repository, { sizeBytes: 512 * 1024 * 1024 });
    console.info(`azure-blob ${measured.summary}`);
    // Live memory after collection: a provider that buffered would keep the whole object (1.0).
    expect(measured.peakLiveGrowthBytes / measured.sizeBytes).toBeLessThan(0.25);
    // Resident memory also counts garbage not yet collected, so only a generous bound.
    expect(measured.peakRssGrowthBytes).toBeLessThan(measured.sizeBytes);
  }, 300_000);
});
