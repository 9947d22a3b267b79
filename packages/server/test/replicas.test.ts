import path from 'node:path';
import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import '@mlops-ts/sqlite';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTrackingServer, type TrackingServer } from '../src/index.js';
import { startTestServer, testTokens, type TestServer } from './support/test-server.js';

// Two servers over one store and repository, as replicas behind a load balancer would be.
let first: TestServer;
let secondContext: MLOpsContext;
let second: TrackingServer;
beforeAll(async () => {
  first = await startTestServer();
  secondContext = await new MLOpsBuilder({ captureRunContext: false })
    .useSQLite({ path: path.join(first.folder, 'mlops.db') })
    .useLocalFileModelRepository(path.join(first.folder, 'models'))
    .build();
  second = await createTrackingServer(secondContext, { port: 0, logger: false, tokens: [testTokens.writer, testTokens.reader] });
});
afterAll(async () => {
  await second.close();
  await secondContext.close();
  await first.stop();
});

const headers = { authorization: `Bearer ${testTokens.writer.token}`, 'content-type': 'application/json' };
const post = async (server: { url: string }, url: string, body: unknown) => (await fetch(`${server.url}${url}`, { method: 'POST', headers, body: JSON.stringify(body) })).json() as Promise<any>;

test('replicas keep no state of their own: a page token and a blob from one are good on the other', async () => {
  const experiment = await post(first.server, '/api/v1/experiments', { name: 'replicated' });
  for (let index = 0; index < 4; index++) await post(index % 2 === 0 ? first.server : second, '/api/v1/runs', { experimentId: experiment.id });
  const page = await post(first.server, '/api/v1/runs/search', { experiments: ['replicated'], limit: 2 });
  const next = await post(second, '/api/v1/runs/search', { experiments: ['replicated'], limit: 2, pageToken: page.nextPageToken });
  const seen = [...page.runs, ...next.runs].map((run: { id: string }) => run.id);
  expect(new Set(seen).size).toBe(4);
  expect(next.nextPageToken).toBeUndefined();

  const key = `runs/${page.runs[0].id}/model.onnx`;
  expect((await fetch(`${first.server.url}/api/v1/blobs/${key}`, { method: 'PUT', headers: { authorization: headers.authorization }, body: 'bytes' })).status).toBe(200);
  expect(await (await fetch(`${second.url}/api/v1/blobs/${key}`, { headers: { authorization: headers.authorization } })).text()).toBe('bytes');
});
