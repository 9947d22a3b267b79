import { BlobSASPermissions, StorageSharedKeyCredential, type BlobClient, type BlobServiceClient } from '@azure/storage-blob';
import { isTokenCredential } from './copy-source.js';

/** Signs read-only SAS URLs of single blobs. */
export interface DownloadUrlSigner {
  /** How the URLs are signed, for messages: 'account key' or 'user delegation key'. */
  readonly kind: string;
  /** The longest lifetime the service accepts, in seconds; undefined: no maximum. */
  readonly maximumSeconds: number | undefined;
  /** A URL that reads `blob` for `expiresInSeconds` seconds from now. */
  sign(blob: BlobClient, expiresInSeconds: number): Promise<string>;
}

/** A user delegation key (and so its SAS) lives at most seven days, in seconds. */
export const maximumUserDelegationSeconds = 7 * 24 * 60 * 60;

/**
 * The SAS format of user delegation URLs. The SDK's default (2026-04-06) signs two more
 * fields, which Azurite 3.35 leaves out when it verifies, so its URLs fail there;
 * 2025-07-05 is verified alike by Azure and Azurite, and Azure accepts it for years to come.
 */
const userDelegationSasVersion = '2025-07-05';

/**
 * Backdates the start of a user delegation key, so a service clock a little behind this
 * machine's still accepts it: five minutes, as Azure's guidance suggests.
 */
const clockSkewAllowanceMs = 5 * 60 * 1000;

/**
 * How this service client can sign a download URL: a service SAS with the account key, a
 * user delegation SAS with an Entra ID (token) credential, or not at all (a client that
 * signs in with a SAS or anonymously: a SAS of its own would hand out the repository's
 * access, not read access to one blob).
 *
 * The SAS has no start time, so a clock behind the service's does not delay it, and it
 * allows reading ('r') only.
 */
export function downloadUrlSignerFor(serviceClient: BlobServiceClient): DownloadUrlSigner | undefined {
  const credential = serviceClient.credential as unknown;
  if (credential instanceof StorageSharedKeyCredential) {
    return {
      kind: 'account key',
      maximumSeconds: undefined,
      sign: (blob, expiresInSeconds) =>
        blob.generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: expiryFromNow(expiresInSeconds) }),
    };
  }
  if (isTokenCredential(credential)) {
    return {
      kind: 'user delegation key',
      maximumSeconds: maximumUserDelegationSeconds,
      async sign(blob, expiresInSeconds) {
        const expiresOn = expiryFromNow(expiresInSeconds);
        // The key covers the SAS; its span stays within the service's seven days.
        const startsOn = new Date(Math.max(Date.now() - clockSkewAllowanceMs, expiresOn.getTime() - maximumUserDelegationSeconds * 1000));
        const key = await serviceClient.getUserDelegationKey(startsOn, expiresOn);
        return blob.generateUserDelegationSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn, version: userDelegationSasVersion }, key);
      },
    };
  }
  return undefined;
}

function expiryFromNow(seconds: number): Date {
  return new Date(Date.now() + seconds * 1000);
}
