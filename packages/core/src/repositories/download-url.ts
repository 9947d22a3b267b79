import { MLOpsError } from '../errors.js';
import type { DownloadUrlOptions } from '../spec/v1/download-url-options.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { describe } from '../validation.js';

/** How long a download URL works when the caller does not say: one hour, in seconds. */
export const defaultDownloadUrlExpirySeconds = 3600;

/** Options of `validateExpiresInSeconds`. */
export interface ExpiresInSecondsLimits {
  /** The backend's longest lifetime of a URL, in seconds. Default: no maximum. */
  maximumSeconds?: number;
  /** The provider whose limit it is, carried by the error. */
  providerId?: string;
}

/**
 * Checks the lifetime of a download URL: a whole number of seconds, at least 1 and at most
 * the backend's maximum. The core checks the first part before calling a repository;
 * repositories call it with their maximum, so every backend words the error alike.
 * @returns the checked lifetime.
 * @throws MLOpsError INVALID_ARGUMENT naming the value and the allowed range.
 */
export function validateExpiresInSeconds(expiresInSeconds: unknown, options: ExpiresInSecondsLimits = {}): number {
  const { maximumSeconds, providerId } = options;
  const range = maximumSeconds === undefined ? 'a whole number of seconds of at least 1' : `a whole number of seconds from 1 to ${maximumSeconds}`;
  if (typeof expiresInSeconds !== 'number' || !Number.isInteger(expiresInSeconds) || expiresInSeconds < 1) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `expiresInSeconds ${describe(expiresInSeconds)} is not ${range}. Pass such a number, for example { expiresInSeconds: 3600 } for one hour.`,
      { providerId },
    );
  }
  if (maximumSeconds !== undefined && expiresInSeconds > maximumSeconds) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `expiresInSeconds ${expiresInSeconds} is longer than the ${providerId ?? 'model'} repository allows for a download URL (${maximumSeconds} seconds). Pass at most ${maximumSeconds}, and ask for a new URL when it expires.`,
      { providerId },
    );
  }
  return expiresInSeconds;
}

/**
 * The repository's `getDownloadUrl`, checked: the core's side of that optional capability.
 * Call it before any other work, so a repository without the capability is reported first;
 * the returned function checks the lifetime again before asking the repository.
 * @throws MLOpsError UNSUPPORTED naming the provider when the repository has no such URLs.
 */
export function downloadUrlCapabilityOf(repository: ModelRepositoryV1): (key: string, options: DownloadUrlOptions) => Promise<string> {
  const { getDownloadUrl } = repository;
  if (typeof getDownloadUrl !== 'function') {
    throw new MLOpsError(
      'UNSUPPORTED',
      `The '${repository.providerId}' model repository cannot give download URLs (it has no getDownloadUrl). Read the model with deployment.openDeployedModel(...) instead, or use a repository that can: local files, S3 or Azure Blob.`,
      { providerId: repository.providerId },
    );
  }
  return async (key, options) => getDownloadUrl.call(repository, key, { expiresInSeconds: validateExpiresInSeconds(options.expiresInSeconds) });
}
