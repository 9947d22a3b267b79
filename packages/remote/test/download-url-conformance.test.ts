import type { ModelRepositoryV1 } from '@mlops-ts/core';
import { describeModelRepository, modelRepositorySuiteNames } from '@mlops-ts/provider-tests';
import { RemoteModelRepository } from '../src/index.js';
import { startRemoteServer, type RemoteTestServer } from './support/remote-servers.js';

// Download URLs come from the server's repository: local files sign none that work off the
// server (repository-conformance.test.ts checks the other concerns there), S3 does. This
// suite runs the download-url concern through a server over s3rver. Left out:
// 'download-url-expiry', since the server process signs the URL and the kit can only set
// the clock of this test process, so the URL it gets is a fresh one.
const servers = new WeakMap<ModelRepositoryV1, RemoteTestServer>();

describeModelRepository(
  'remote (server over S3)',
  async () => {
    const server = await startRemoteServer({ store: 'sqlite', repository: 's3' });
    const repository = new RemoteModelRepository(server.url);
    servers.set(repository, server);
    return repository;
  },
  {
    skip: [...modelRepositorySuiteNames.filter((name) => name !== 'download-url'), 'download-url-expiry'],
    cleanup: (repository) => servers.get(repository)?.stop(),
  },
);
