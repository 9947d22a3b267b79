import { measureLargeTransfer } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RemoteModelRepository } from '../src/index.js';
import { startRemoteServer, testTokens, type RemoteTestServer } from './support/remote-servers.js';

// Alone in its file: peak memory is per process. The server runs in the server host process,
// so what is measured is the client's own memory.
let server: RemoteTestServer;
beforeAll(async () => {
  server = await startRemoteServer({ tokens: [testTokens.writer] });
});
afterAll(() => server.stop());

const mebibyte = 1024 * 1024;

test('a 256 MiB model goes up and down through @mlops-ts/remote streamed, in bounded client memory', { timeout: 240_000 }, async () => {
  const repository = new RemoteModelRepository(server.url, { token: testTokens.writer.token });
  const measured = await measureLargeTransfer(repository, { sizeBytes: 256 * mebibyte, key: 'runs/large/model.bin' });
  console.info(`remote ${measured.summary}`);
  // A client that buffered would hold the 256 MiB at least once; streaming keeps a few socket
  // buffers (21 MiB on Node 20, 32 MiB on Node 24). A quarter, as the kit's repositories assert.
  expect(measured.peakLiveGrowthBytes).toBeLessThan(measured.sizeBytes / 4);
  expect(measured.peakRssGrowthBytes).toBeLessThan(measured.sizeBytes);
  await repository.delete('runs/large/model.bin');
});
