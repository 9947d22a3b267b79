import { afterAll, describe, expect, it } from 'vitest';
import { generatedStream, sha256Of } from './support/generated-stream.js';
import { createTestRepository } from './support/test-repository.js';

const artifactBytes = 512 * 1024 * 1024;
const maxGrowthBytes = 128 * 1024 * 1024;
const mebibyte = 1024 * 1024;

describe('AzureBlobModelRepository with a 512 MiB artifact', () => {
  const repository = createTestRepository();
  afterAll(async () => {
    await repository.containerClient.deleteIfExists();
  });

  it('uploads and downloads it intact with peak memory growth under 128 MiB', async () => {
    await repository.connect();
    // This test file runs in its own worker process, so the process's peak RSS (maxRSS)
    // after the transfer, less the RSS before it, is the transfer's high-water mark.
    const rssBefore = process.memoryUsage().rss;
    const source = generatedStream(artifactBytes);
    const uploadStarted = performance.now();
    const { sizeBytes } = await repository.put('runs/large/model.bin', source.stream, { sizeBytes: artifactBytes });
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    expect(sizeBytes).toBe(artifactBytes);

    const downloadStarted = performance.now();
    const downloaded = await sha256Of(await repository.get('runs/large/model.bin'));
    const downloadSeconds = (performance.now() - downloadStarted) / 1000;
    expect(downloaded).toEqual({ sha256: source.sha256(), sizeBytes: artifactBytes });

    const growthBytes = process.resourceUsage().maxRSS * 1024 - rssBefore;
    console.info(
      `azure-blob 512 MiB: upload ${(512 / uploadSeconds).toFixed(0)} MB/s, download ${(512 / downloadSeconds).toFixed(0)} MB/s, peak RSS growth ${(growthBytes / mebibyte).toFixed(0)} MiB`,
    );
    expect(growthBytes).toBeLessThan(maxGrowthBytes);
  }, 300_000);
});
