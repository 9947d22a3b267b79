import http from 'node:http';
import { MLOpsBuilder } from '@mlops-ts/core';
import { expectMLOpsError, newRunRecord } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, expect, test } from 'vitest';
import '../src/index.js';
import { RemoteMetadataStore } from '../src/index.js';

// A URL that points at something other than a tracking server (a web site, a proxy whose
// upstream is down) must say so, never read as "no such record".
let requests = 0;
let url: string;
const site = http.createServer((request, response) => {
  requests++;
  const status = request.url?.startsWith('/down/') ? 502 : 404;
  response.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body>${status}</body></html>`);
});
beforeAll(async () => {
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

test("a URL that is not a tracking server fails build() with a message saying so, not a store that finds nothing", async () => {
  const error = await expectMLOpsError(new MLOpsBuilder().useRemoteTracking(url).build(), 'NOT_FOUND', { providerId: 'remote' });
  expect(error.message).toContain('without an error of its own');
  expect(error.message).toContain('@mlops-ts/server');
  await expectMLOpsError(new RemoteMetadataStore(url).getRun('01900000-0000-7000-8000-00000000dead'), 'NOT_FOUND', { mentions: ['404'] });
});

test('a proxy answering 502 is UNAVAILABLE after the retries of an idempotent call', async () => {
  requests = 0;
  const store = new RemoteMetadataStore(`${url}/down`, { retries: 2 });
  const error = await expectMLOpsError(store.listExperiments(), 'UNAVAILABLE', { providerId: 'remote', mentions: ['502'] });
  expect(error.message).toContain('a proxy in front of it may have answered');
  expect(requests).toBe(3);
  requests = 0;
  // Creating a run is not safe to repeat: one request only.
  await expectMLOpsError(store.createRun(newRunRecord()), 'UNAVAILABLE');
  expect(requests).toBe(1);
});
