import { measureLargeTransfer } from '@mlops-ts/provider-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestRepository } from './support/test-repository.js';

describe('S3ModelRepository with a 512 MiB artifact', () => {
  const repository = createTestRepository();
  afterAll(async () => {
    await repository.delete('runs/large/model.bin');
    await repository.close();
  });

  it('uploads and downloads it intact with peak memory growth under 128 MiB', async () => {
    // This test file runs in its own worker process, so its peak RSS is the transfer's.
    const measured = await measureLargeTransfer(repository, { sizeBytes: 512 * 1024 * 1024, key: 'runs/large/model.bin' });
    console.info(`s3 ${measured.summary}`);
    expect(measured.peakRssGrowthBytes).toBeLessThan(128 * 1024 * 1024);
  }, 300_000);
});
