import { Readable } from 'node:stream';
import { AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, AnonymousCredential, generateAccountSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { MLOpsBuilder } from '@mlops-ts/core';
import { closedPort, expectMLOpsError, expectNoSecretIn } from '@mlops-ts/provider-tests';
import { describe, expect, inject, it } from 'vitest';
import '../src/index.js';
import { AzureBlobModelRepository, type AzureBlobModelRepositoryOptions } from '../src/index.js';
import { azuriteAccount, azuriteConnectionString, uniqueContainerName } from './support/test-repository.js';

/** A SAS for the Azurite account, valid for an hour, and its signature (the secret part). */
function accountSas(): { token: string; signature: string } {
  const parameters = generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.now() + 3_600_000),
      permissions: AccountSASPermissions.parse('rwdlacup'),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      services: AccountSASServices.parse('b').toString(),
    },
    new StorageSharedKeyCredential(azuriteAccount.name, azuriteAccount.key),
  );
  return { token: parameters.toString(), signature: parameters.signature };
}

/** Every way of reaching the account with a secret, and the secret each holds. */
function secretForms(endpoint: string): [form: string, options: AzureBlobModelRepositoryOptions, secret: string][] {
  const sas = accountSas();
  const container = uniqueContainerName();
  return [
    ['account-key connection string', { connectionString: azuriteConnectionString({ endpoint }), container }, azuriteAccount.key],
    ['shared key credential', { accountUrl: endpoint, credential: new StorageSharedKeyCredential(azuriteAccount.name, azuriteAccount.key), container, createContainerIfMissing: true }, azuriteAccount.key],
    ['SAS connection string', { connectionString: `BlobEndpoint=${endpoint};SharedAccessSignature=${sas.token}`, container, createContainerIfMissing: true }, sas.signature],
    ['SAS URL', { accountUrl: `${endpoint}?${sas.token}`, credential: new AnonymousCredential(), container, createContainerIfMissing: true }, sas.signature],
  ];
}

describe('Azure Blob account keys and SAS', () => {
  it('never show in a repository or the builder, before or after a round trip, for every way of signing in', async () => {
    for (const [form, options, secret] of secretForms(inject('azuriteBlobEndpoint'))) {
      const repository = new AzureBlobModelRepository(options);
      expectNoSecretIn(repository, secret, `the repository with a ${form}`);
      await repository.connect();
      await repository.put('model.bin', Readable.from([Buffer.from('weights')]));
      for await (const chunk of await repository.get('model.bin')) void chunk;
      await repository.copy('model.bin', 'copy.bin');
      expect(repository.uri('model.bin')).not.toContain('sig=');
      expectNoSecretIn(repository, secret, `the repository with a ${form} after a round trip`);
      expectNoSecretIn(new MLOpsBuilder().useAzureBlobModelRepository(options), secret, `the builder with a ${form}`);
      await repository.containerClient.delete();
    }
  });

  it('never show in the errors of an unreachable account, refused credentials or a malformed connection string', async () => {
    for (const [form, options, secret] of secretForms(`http://127.0.0.1:${await closedPort()}/${azuriteAccount.name}`)) {
      const repository = new AzureBlobModelRepository({ ...options, maxTries: 1 });
      expectNoSecretIn(await expectMLOpsError(() => repository.connect(), 'UNAVAILABLE'), secret, `the connection error with a ${form}`);
    }
    const wrongKey = Buffer.from('a wrong account key of sixty-four bytes, only in this test file!').toString('base64');
    const refused = new AzureBlobModelRepository({ connectionString: azuriteConnectionString({ key: wrongKey }), container: uniqueContainerName() });
    expectNoSecretIn(await expectMLOpsError(() => refused.connect(), 'PERMISSION_DENIED'), wrongKey, 'the refusal');
    for (const connectionString of [`AccountName=${azuriteAccount.name};AccountKey=${wrongKey}`, `DefaultEndpointsProtocol=http;AccountKey=${wrongKey};BlobEndpoint=not a url`]) {
      const error = await expectMLOpsError(async () => new AzureBlobModelRepository({ connectionString }), 'INVALID_ARGUMENT', { providerId: 'azure-blob' });
      expectNoSecretIn(error, wrongKey, 'the error for a malformed connection string');
    }
  });
});
