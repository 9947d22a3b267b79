// The conformance kit fetches SAS URLs from Azurite (which checks SAS signatures, expiry and
// permissions) and checks that expired ones are refused. These tests add what a SAS grants
// (reading one blob, nothing else), its expiry, and which ways of signing in can sign one.
import { Readable } from 'node:stream';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  AnonymousCredential,
  generateAccountSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { MLOpsBuilder } from '@mlops-ts/core';
import { expectMLOpsError } from '@mlops-ts/provider-tests';
import { afterEach, describe, expect, inject, it } from 'vitest';
import '../src/index.js';
import { AzureBlobModelRepository, type AzureBlobModelRepositoryOptions } from '../src/index.js';
import { azuriteAccount, azuriteConnectionString, uniqueContainerName } from './support/test-repository.js';

const repositories: AzureBlobModelRepository[] = [];
/** A connected repository in a container of its own (an account-key connection string unless told otherwise). */
async function connected(options: AzureBlobModelRepositoryOptions = { connectionString: azuriteConnectionString() }): Promise<AzureBlobModelRepository> {
  const repository = new AzureBlobModelRepository({ container: uniqueContainerName(), ...options });
  repositories.push(repository);
  await repository.connect();
  return repository;
}

afterEach(async () => {
  await Promise.all(repositories.splice(0).map((repository) => repository.containerClient.deleteIfExists().catch(() => undefined)));
});

/** An account SAS of the Azurite account that may do everything for an hour. */
function accountSasToken(): string {
  return generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.now() + 3_600_000),
      permissions: AccountSASPermissions.parse('rwdlacup'),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      services: AccountSASServices.parse('b').toString(),
    },
    new StorageSharedKeyCredential(azuriteAccount.name, azuriteAccount.key),
  ).toString();
}

describe('Azure Blob download URLs signed with the account key', () => {
  it('carry a read-only SAS for that blob that expires when asked, with no start time', async () => {
    const repository = await connected();
    await repository.put('runs/r1/model.onnx', Readable.from([Buffer.from('onnx bytes')]));
    const before = Date.now();
    const url = new URL(await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: 900 }));
    expect(url.searchParams.get('sp')).toBe('r');
    expect(url.searchParams.get('sr')).toBe('b');
    expect(url.searchParams.get('st')).toBeNull();
    expect(url.searchParams.get('sig')).toBeTruthy();
    const expiresAt = Date.parse(url.searchParams.get('se')!);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor((before + 900_000) / 1000) * 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(url.href).not.toContain(azuriteAccount.key);
  });

  it('read the blob and nothing else: writing with the URL or reading another blob with its SAS is refused', async () => {
    const repository = await connected();
    await repository.put('runs/r1/model.onnx', Readable.from([Buffer.from('onnx bytes')]));
    await repository.put('runs/r1/other.onnx', Readable.from([Buffer.from('other bytes')]));
    const url = await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: 300 });

    expect(await (await fetch(url)).text()).toBe('onnx bytes');
    const overwrite = await fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'tampered' });
    expect(overwrite.status).toBe(403);
    const otherBlob = await fetch(url.replace('/model.onnx?', '/other.onnx?'));
    expect(otherBlob.status).toBe(403);
    expect(await (await fetch(url)).text()).toBe('onnx bytes');
  });

  it('work with a StorageSharedKeyCredential and an account URL too, with no maximum lifetime', async () => {
    const repository = await connected({
      accountUrl: inject('azuriteBlobEndpoint'),
      credential: new StorageSharedKeyCredential(azuriteAccount.name, azuriteAccount.key),
      createContainerIfMissing: true,
    });
    await repository.put('runs/r1/model.onnx', Readable.from([Buffer.from('onnx bytes')]));
    const thirtyDays = 30 * 24 * 60 * 60;
    const url = await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: thirtyDays });
    expect(Date.parse(new URL(url).searchParams.get('se')!)).toBeGreaterThan(Date.now() + (thirtyDays - 60) * 1000);
    expect(await (await fetch(url)).text()).toBe('onnx bytes');
  });

  it('through deployment.getDeployedModelUrl last one hour unless told otherwise', async () => {
    const options = { connectionString: azuriteConnectionString(), container: uniqueContainerName() };
    await using mlops = await new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useAzureBlobModelRepository(options).build();
    repositories.push(mlops.modelRepository as AzureBlobModelRepository);
    const run = await mlops.lifecycle.createRun('iris');
    const artifact = await mlops.model.upload(run.id, Readable.from([Buffer.from('onnx bytes')]), { name: 'model.onnx' });
    const version = await mlops.model.registerModel('iris', artifact.id, 'ada');
    await mlops.deployment.createDeploymentTarget('Production');
    await mlops.deployment.deployModel('Production', version, 'ada');

    const before = Date.now();
    const url = new URL(await mlops.deployment.getDeployedModelUrl('iris', 'Production'));
    const expiresAt = Date.parse(url.searchParams.get('se')!);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor((before + 3_600_000) / 1000) * 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    // getDeploymentUri still names where the deployment lives, without any SAS.
    expect(new URL(await mlops.deployment.getDeploymentUri('iris', 'Production')).search).toBe('');
  });
});

describe('Azure Blob repositories that sign in without a key or identity', () => {
  it('with a SAS connection string or a SAS URL, give UNSUPPORTED naming the provider and the credentials that can sign', async () => {
    const endpoint = inject('azuriteBlobEndpoint');
    const token = accountSasToken();
    const ways: AzureBlobModelRepositoryOptions[] = [
      { connectionString: `BlobEndpoint=${endpoint};SharedAccessSignature=${token}`, createContainerIfMissing: true },
      { accountUrl: `${endpoint}?${token}`, credential: new AnonymousCredential(), createContainerIfMissing: true },
    ];
    for (const options of ways) {
      const repository = await connected(options);
      await repository.put('runs/r1/model.onnx', Readable.from([Buffer.from('onnx bytes')]));
      const error = await expectMLOpsError(repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: 300 }), 'UNSUPPORTED', {
        providerId: 'azure-blob',
        mentions: ['account key', 'Entra ID credential'],
      });
      expect(error.message).not.toContain(token);
    }
  });
});
