import type { MetadataStoreV1 } from '@mlops-ts/core';
import { describeMetadataStore } from '@mlops-ts/provider-tests';
import { RemoteMetadataStore } from '../src/index.js';
import { startRemoteServer, type RemoteTestServer } from './support/remote-servers.js';

// Each test gets a tracking server of its own, in the server host process, over a fresh
// schema on the test PostgreSQL server. The server runs without tokens (allowed on loopback):
// with tokens it records the token's name as registeredBy and deployedBy, where the suite
// checks the names it passes. tokens.test.ts covers tokens.
const servers = new WeakMap<MetadataStoreV1, RemoteTestServer>();

describeMetadataStore(
  'remote (server over PostgreSQL)',
  async () => {
    const server = await startRemoteServer({ store: 'postgres' });
    const store = new RemoteMetadataStore(server.url);
    servers.set(store, server);
    return store;
  },
  { cleanup: (store) => servers.get(store)?.stop() },
);
