// With an Entra ID credential the repository signs download URLs with a user delegation key.
// Azurite hands out such keys and checks their SAS only for OAuth over HTTPS, so this file
// starts an Azurite of its own with `--oauth basic` and a self-signed certificate (made with
// openssl), and signs in with tokens Azurite's basic OAuth accepts (it checks their claims,
// not their signature). The certificate is trusted by turning off verification in this
// file's worker only.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { expectMLOpsError } from '@mlops-ts/provider-tests';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AzureBlobModelRepository, type TokenCredentialLike } from '../src/index.js';
import { startAzurite, type AzuriteProcess } from './support/azurite-process.js';
import { uniqueContainerName } from './support/test-repository.js';

const sevenDaysInSeconds = 604_800;
const identity = { oid: randomUUID(), tid: randomUUID() };

/** A token with the claims Azurite's basic OAuth checks (audience, issuer, lifetime), unsigned. */
const credential: TokenCredentialLike = {
  async getToken() {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { aud: 'https://storage.azure.com', iss: `https://sts.windows.net/${identity.tid}/`, iat: now - 60, nbf: now - 60, exp: now + 3600, ...identity };
    return { token: `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.unsigned`, expiresOnTimestamp: (now + 3600) * 1000 };
  },
};

let azurite: AzuriteProcess;
let certificateFolder: string;
const previousTlsSetting = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

beforeAll(async () => {
  certificateFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-azurite-tls-'));
  const [certificate, key] = [path.join(certificateFolder, 'cert.pem'), path.join(certificateFolder, 'key.pem')];
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', certificate,
  ]);
  azurite = await startAzurite(['--oauth', 'basic', '--cert', certificate, '--key', key]);
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}, 60_000);

afterAll(async () => {
  if (previousTlsSetting === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previousTlsSetting;
  await azurite?.stop();
  if (certificateFolder) await fs.rm(certificateFolder, { recursive: true, force: true });
});

const repositories: AzureBlobModelRepository[] = [];
afterEach(async () => {
  await Promise.all(repositories.splice(0).map((repository) => repository.containerClient.deleteIfExists().catch(() => undefined)));
});

/** A repository signed in with the Entra ID credential, holding 'runs/r1/model.onnx'. */
async function repositoryWithModel(): Promise<AzureBlobModelRepository> {
  const repository = new AzureBlobModelRepository({ accountUrl: azurite.blobEndpoint, credential, container: uniqueContainerName(), createContainerIfMissing: true });
  repositories.push(repository);
  await repository.connect();
  await repository.put('runs/r1/model.onnx', Readable.from([Buffer.from('onnx bytes')]));
  return repository;
}

describe('Azure Blob download URLs with an Entra ID credential', () => {
  it('are read-only user delegation SAS URLs of the identity, which a plain HTTP client reads', async () => {
    const repository = await repositoryWithModel();
    const url = await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: 600 });
    const query = new URL(url).searchParams;
    expect(query.get('skoid')).toBe(identity.oid);
    expect(query.get('sktid')).toBe(identity.tid);
    expect(query.get('sp')).toBe('r');
    expect(query.get('sr')).toBe('b');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('onnx bytes');
  });

  it('are checked by the service: a URL whose delegation key fields were changed is refused', async () => {
    const repository = await repositoryWithModel();
    const url = new URL(await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: 600 }));
    url.searchParams.set('skoid', randomUUID());
    expect((await fetch(url)).status).toBe(403);
  });

  it('last at most seven days, the life of a user delegation key: one second more is INVALID_ARGUMENT', async () => {
    const repository = await repositoryWithModel();
    const url = new URL(await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: sevenDaysInSeconds }));
    expect(Date.parse(url.searchParams.get('se')!)).toBeGreaterThan(Date.now() + (sevenDaysInSeconds - 60) * 1000);
    expect((await fetch(url)).status).toBe(200);
    await expectMLOpsError(repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: sevenDaysInSeconds + 1 }), 'INVALID_ARGUMENT', {
      providerId: 'azure-blob',
      mentions: ['expiresInSeconds', String(sevenDaysInSeconds)],
    });
  });

  it('are refused once expired', async () => {
    const repository = await repositoryWithModel();
    // Signed as if five minutes ago, valid for one: expired when used, with no waiting.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 5 * 60 * 1000 });
    let url: string;
    try {
      url = await repository.getDownloadUrl('runs/r1/model.onnx', { expiresInSeconds: 60 });
    } finally {
      vi.useRealTimers();
    }
    expect((await fetch(url)).status).toBe(403);
  });

  it('of a missing blob are NOT_FOUND', async () => {
    const repository = await repositoryWithModel();
    await expectMLOpsError(repository.getDownloadUrl('runs/r1/missing.onnx', { expiresInSeconds: 60 }), 'NOT_FOUND', { providerId: 'azure-blob' });
  });
});
