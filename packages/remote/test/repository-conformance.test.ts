import type { ModelRepositoryV1 } from '@mlops-ts/core';
import { describeModelRepository } from '@mlops-ts/provider-tests';
import { RemoteModelRepository } from '../src/index.js';
import { startRemoteServer, type RemoteTestServer } from './support/remote-servers.js';

// Each test gets a tracking server of its own (server host process) over local files; blobs
// stream through its /api/v1/blobs routes, 64 MiB ones included. The download-url concern
// runs in download-url-conformance.test.ts against a server over S3: local files give no
// URL that works off the server, so the server answers UNSUPPORTED for them.
const servers = new WeakMap<ModelRepositoryV1, RemoteTestServer>();

describeModelRepository(
  'remote (server over local files)',
  async () => {
    const server = await startRemoteServer({ store: 'sqlite' });
    const repository = new RemoteModelRepository(server.url);
    servers.set(repository, server);
    return repository;
  },
  { skip: ['download-url'], cleanup: (repository) => servers.get(repository)?.stop() },
);
