import { describeModelRepository } from '@mlops-ts/provider-tests';
import type { AzureBlobModelRepository } from '../src/index.js';
import { createTestRepository } from './support/test-repository.js';

// Each test gets a container of its own on the Azurite started by globalSetup, dropped after it.
describeModelRepository('azure-blob (Azurite)', () => createTestRepository(), {
  cleanup: async (repository) => {
    await (repository as AzureBlobModelRepository).containerClient.deleteIfExists();
  },
});
