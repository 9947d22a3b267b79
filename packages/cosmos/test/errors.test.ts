import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { MLOpsError } from '@mlops-ts/core';
import { newExperimentRecord, newRunRecord } from '@mlops-ts/provider-tests';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CosmosMetadataStore, type CosmosDbConnectionOptions } from '../src/index.js';
import { startCosmosProxy, throttled, type CosmosProxy } from './support/cosmos-proxy.js';
import { dropDatabase, localCosmosOptions, uniqueDatabaseId } from './support/local-cosmos.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A connected store through `proxy`, on a fresh database created directly on the server. */
async function storeBehind(proxy: CosmosProxy, connectionPolicy: NonNullable<CosmosDbConnectionOptions['clientOptions']>['connectionPolicy'] = {}) {
  const databaseId = uniqueDatabaseId('proxied');
  const direct = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
  await direct.connect();
  await direct.close();
  const store = new CosmosMetadataStore(
    localCosmosOptions({ databaseId, endpoint: proxy.endpoint, clientOptions: { connectionPolicy: { enableEndpointDiscovery: false, ...connectionPolicy } } }),
  );
  await store.connect();
  cleanups.push(async () => {
    await store.close();
    await dropDatabase(databaseId);
  });
  return store;
}

async function rejection(promise: Promise<unknown>): Promise<MLOpsError> {
  try {
    await promise;
  } catch (error) {
    if (MLOpsError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const experiment = () => newExperimentRecord();
const run = (experimentId: string) => newRunRecord({ experimentId });

describe('throttling (429) is retried by the SDK as configured', () => {
  it('a write throttled three times succeeds without the caller noticing', async () => {
    let throttledWrites = 0;
    const proxy = await startCosmosProxy(inject('cosmosEndpoint'), (method, path) =>
      method === 'POST' && path.endsWith('/colls/catalog/docs') && throttledWrites++ < 3 ? throttled() : 'forward',
    );
    cleanups.push(() => proxy.close());
    const store = await storeBehind(proxy);
    const created = await store.createExperiment(experiment());
    expect(await store.getExperimentById(created.id)).toEqual(created);
    expect(throttledWrites).toBeGreaterThanOrEqual(4);
  });

  it('when throttling outlasts retryOptions.maxRetryAttemptCount, writes and metric batches fail with UNAVAILABLE after exactly that many retries', async () => {
    let isThrottling = false;
    const proxy = await startCosmosProxy(inject('cosmosEndpoint'), (method) => (isThrottling && method === 'POST' ? throttled(1) : 'forward'));
    cleanups.push(() => proxy.close());
    const store = await storeBehind(proxy, { retryOptions: { maxRetryAttemptCount: 2 } });
    const stored = await store.createExperiment(experiment());
    const runInfo = run(stored.id);
    await store.createRun(runInfo);

    isThrottling = true;
    const before = proxy.requests.length;
    const error = await rejection(store.createExperiment(experiment()));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/429|throttl/i);
    // One read of the name claim, then the create: the first try and 2 retries.
    expect(proxy.requests.slice(before).filter((request) => request.startsWith('POST'))).toHaveLength(3);

    const batchError = await rejection(store.logMetrics([{ runId: runInfo.id, key: 'loss', value: 1, step: 0, timestamp: 1 }]));
    expect(batchError.code).toBe('UNAVAILABLE');
    isThrottling = false;
    expect(await store.getMetricHistory(runInfo.id, 'loss')).toEqual([]);
  });
});

describe('unreachable or refusing service', () => {
  it('a closed port fails connect() with UNAVAILABLE within seconds', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const started = Date.now();
    const store = new CosmosMetadataStore(localCosmosOptions({ endpoint: `https://127.0.0.1:${port}` }));
    const error = await rejection(store.connect());
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.providerId).toBe('cosmos');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a server that accepts connections but never answers fails with UNAVAILABLE within the request timeout and its retries', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    const store = new CosmosMetadataStore(
      localCosmosOptions({ endpoint: `https://127.0.0.1:${port}`, clientOptions: { connectionPolicy: { requestTimeout: 1_000, enableEndpointDiscovery: false } } }),
    );
    const error = await rejection(store.connect());
    expect(error.code).toBe('UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('403 and 401 answers become PERMISSION_DENIED', async () => {
    let refusal: 401 | 403 | undefined;
    const proxy = await startCosmosProxy(inject('cosmosEndpoint'), () =>
      refusal ? { status: refusal, body: { code: refusal === 401 ? 'Unauthorized' : 'Forbidden', message: 'The input authorization token can not serve the request.' } } : 'forward',
    );
    cleanups.push(() => proxy.close());
    const store = await storeBehind(proxy);
    const stored = await store.createExperiment(experiment());
    const runInfo = run(stored.id);
    await store.createRun(runInfo);
    for (const status of [401, 403] as const) {
      refusal = status;
      expect((await rejection(store.listExperiments())).code).toBe('PERMISSION_DENIED');
      expect((await rejection(store.logMetrics([{ runId: runInfo.id, key: 'loss', value: 1, step: 0, timestamp: 1 }]))).code).toBe('PERMISSION_DENIED');
    }
  });
});

describe('resources', () => {
  it('with createIfMissing false, a missing database fails build-time connect() with NOT_FOUND naming it', async () => {
    const databaseId = uniqueDatabaseId('absent');
    const error = await rejection(new CosmosMetadataStore(localCosmosOptions({ databaseId, createIfMissing: false })).connect());
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(databaseId);
    expect(error.message).toContain('createIfMissing');
  });

  it('a store that was never connected says so with UNAVAILABLE', async () => {
    const error = await rejection(new CosmosMetadataStore(localCosmosOptions()).listExperiments());
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/connect/);
  });
});
