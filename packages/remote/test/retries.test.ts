import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import { closedPort, expectMLOpsError } from '@mlops-ts/provider-tests';
import { afterEach, beforeEach, expect, test } from 'vitest';
import '../src/index.js';
import { RemoteMetadataStore } from '../src/index.js';
import { FlakyProxy } from './support/flaky-proxy.js';
import { startRemoteServer, type RemoteTestServer } from './support/remote-servers.js';

// A proxy between client and server loses answers and refuses connections, as networks do.
let server: RemoteTestServer;
let proxy: FlakyProxy;
let mlops: MLOpsContext;
let direct: RemoteMetadataStore;
beforeEach(async () => {
  server = await startRemoteServer();
  proxy = await FlakyProxy.start(server.url);
  mlops = await new MLOpsBuilder({ captureRunContext: false }).useRemoteTracking(proxy.url).build();
  direct = new RemoteMetadataStore(server.url);
});
afterEach(async () => {
  await mlops.close();
  await proxy.close();
  await server.stop();
});

const count = (request: string) => proxy.forwarded.filter((forwarded) => forwarded === request).length;

test('a metric batch whose answer is lost is sent again with its idempotency key and stored once', async () => {
  const run = await mlops.lifecycle.createRun('retried');
  proxy.failNext('POST', /^\/api\/v1\/metrics$/, 'lose-answer', 2);
  await mlops.evaluation.logMetrics(run.id, Array.from({ length: 100 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step })));
  expect(count('POST /api/v1/metrics')).toBe(3);
  const history = await direct.getMetricHistory(run.id, 'loss');
  expect(history.map((point) => point.step)).toEqual(Array.from({ length: 100 }, (_, step) => step));
});

test('reads and idempotent writes go on through a server that refuses connections for a moment', async () => {
  const run = await mlops.lifecycle.createRun('outage');
  await proxy.refuseConnectionsFor(400);
  await mlops.lifecycle.setTags(run.id, { phase: 'after the outage' });
  expect((await mlops.lifecycle.getRun(run.id)).tags).toEqual({ phase: 'after the outage' });
});

test('a call that is not safe to repeat is sent again only when it never reached the server', async () => {
  await mlops.lifecycle.createExperiment('registry');
  await proxy.refuseConnectionsFor(400);
  const run = await mlops.lifecycle.createRun('registry');
  expect(count('POST /api/v1/runs')).toBe(1);
  expect(await direct.getRun(run.id)).not.toBeNull();

  // The connection closed after the request went out: the client cannot know whether the run was made, so it does not repeat it.
  proxy.failNext('POST', /^\/api\/v1\/runs$/, 'drop-request');
  await expectMLOpsError(mlops.lifecycle.createRun('registry', { name: 'dropped' }), 'UNAVAILABLE', { providerId: 'remote', withCause: true });
  // The answer was lost after the server made the run: the run exists, the call says UNAVAILABLE, and it is not repeated.
  proxy.failNext('POST', /^\/api\/v1\/runs$/, 'lose-answer');
  const error = await expectMLOpsError(mlops.lifecycle.createRun('registry', { name: 'lost answer' }), 'UNAVAILABLE', { providerId: 'remote', withCause: true });
  expect(error.message).toContain(proxy.url);
  expect(count('POST /api/v1/runs')).toBe(2);
  expect((await mlops.lifecycle.getRuns('registry')).map((found) => found.name)).toEqual([null, 'lost answer']);
});

test('a delete whose answer is lost is done: its repeat finds nothing and reports success', async () => {
  await mlops.deployment.createDeploymentTarget('Test');
  proxy.failNext('DELETE', /^\/api\/v1\/deployment-targets\//, 'lose-answer');
  await mlops.deployment.deleteDeploymentTarget('Test');
  expect(await direct.listDeploymentTargets()).toEqual([]);
  expect(proxy.forwarded.filter((request) => request.startsWith('DELETE /api/v1/deployment-targets/'))).toHaveLength(2);
});

test('an unreachable server is UNAVAILABLE after the retries, naming the server and what was asked', async () => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const store = new RemoteMetadataStore(url, { retries: 2 });
  const error = await expectMLOpsError(store.listExperiments(), 'UNAVAILABLE', { providerId: 'remote', withCause: true, withinMs: 10_000 });
  expect(error.message).toContain(url);
  expect(error.message).toContain('list experiments');
  expect(error.message).toContain('3 attempts');
  await expectMLOpsError(new MLOpsBuilder().useRemoteTracking(url, { retries: 0 }).build(), 'UNAVAILABLE');
});
