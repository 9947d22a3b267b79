import { measureLargeTransfer } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HttpBlobRepository } from './support/http-blob-repository.js';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

// Alone in its file: peak memory is per process, and client and server share this one.
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.stop());

const mebibyte = 1024 * 1024;

test('a 256 MiB blob goes up and down through the server streamed, in bounded memory', { timeout: 240_000 }, async () => {
  const repository = new HttpBlobRepository(api.server.url, testTokens.writer.token);
  const measured = await measureLargeTransfer(repository, { sizeBytes: 256 * mebibyte, key: 'runs/large/model.bin' });
  console.info(`server blobs ${measured.summary}`);
  // Client, server and local files in one process: a buffering route would hold 256 MiB at
  // least once; streaming keeps socket and file buffers alive (measured: about 40 MiB).
  expect(measured.peakLiveGrowthBytes).toBeLessThan(measured.sizeBytes / 4);
  // Resident memory counts garbage not yet collected, so only a generous bound (as the providers' tests do).
  expect(measured.peakRssGrowthBytes).toBeLessThan(measured.sizeBytes);
});
