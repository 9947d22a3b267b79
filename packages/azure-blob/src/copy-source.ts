import { BlobSASPermissions, StorageSharedKeyCredential, type BlobClient, type HttpAuthorization } from '@azure/storage-blob';
import type { TokenCredentialLike } from './azure-blob-model-repository-options.js';

/** How the service reads a copy's source: a URL, plus a bearer token when the URL carries no SAS. */
export interface CopySource {
  url: string;
  sourceAuthorization?: HttpAuthorization;
}

const storageScope = 'https://storage.azure.com/.default';
/** A copy source SAS lives this long: enough for a multi-gigabyte block copy. */
const sasLifetimeMs = 6 * 60 * 60 * 1000;

/**
 * Copy Blob From URL and Put Block From URL read the source as an anonymous request, so it
 * must carry its own authorization: a short read-only SAS with an account key, the caller's
 * bearer token with an Entra ID credential, or the SAS already in the URL otherwise.
 */
export async function copySourceFor(source: BlobClient): Promise<CopySource> {
  const credential = source.credential as unknown;
  if (credential instanceof StorageSharedKeyCredential) {
    const url = await source.generateSasUrl({
      permissions: BlobSASPermissions.parse('r'),
      startsOn: new Date(Date.now() - 5 * 60 * 1000),
      expiresOn: new Date(Date.now() + sasLifetimeMs),
    });
    return { url };
  }
  if (isTokenCredential(credential)) {
    const token = await credential.getToken(storageScope);
    if (token) return { url: source.url, sourceAuthorization: { scheme: 'Bearer', value: token.token } };
  }
  return { url: source.url };
}

/** True for an Entra ID credential (anything with `getToken`). */
export function isTokenCredential(value: unknown): value is TokenCredentialLike {
  return typeof value === 'object' && value !== null && typeof (value as TokenCredentialLike).getToken === 'function';
}
