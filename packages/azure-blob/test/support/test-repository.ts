import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { AzureBlobModelRepository, type AzureBlobModelRepositoryCommonOptions } from '../../src/index.js';

/** Azurite's well-known development account (public, documented, accepted by Azurite only). */
export const azuriteAccount = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
};

/** A connection string for the Azurite of this run, with another account key when given. */
export function azuriteConnectionString(options: { endpoint?: string; key?: string } = {}): string {
  const endpoint = options.endpoint ?? inject('azuriteBlobEndpoint');
  return `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount.name};AccountKey=${options.key ?? azuriteAccount.key};BlobEndpoint=${endpoint};`;
}

/** A container name unique to the caller (3-63 lowercase letters, digits and dashes). */
export function uniqueContainerName(): string {
  return `test-${randomUUID()}`;
}

/** A repository on the Azurite of this run, in a container of its own (created on connect). */
export function createTestRepository(options: AzureBlobModelRepositoryCommonOptions = {}): AzureBlobModelRepository {
  return new AzureBlobModelRepository({ connectionString: azuriteConnectionString(), container: uniqueContainerName(), ...options });
}
