import { isNetworkError, MLOpsError, storeErrors } from '@mlops-ts/core';

/** The provider id every error of this package carries. */
export const providerId = 'azure-blob';

/** What the failing call was about, so the message can name it. */
export interface BlobErrorContext {
  container: string;
  /** The object key as the core passed it (without the repository prefix). */
  key?: string;
  /** A few words for the operation, such as 'upload' or 'list the blobs of'. */
  action: string;
}

const permissionCodes = new Set([
  'AuthenticationFailed',
  'AuthorizationFailure',
  'AuthorizationPermissionMismatch',
  'AuthorizationResourceTypeMismatch',
  'AuthorizationServiceMismatch',
  'AuthorizationProtocolMismatch',
  'AuthorizationSourceIPMismatch',
  'InsufficientAccountPermissions',
  'InvalidAuthenticationInfo',
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
]);

/** The SDK's code for a request that never reached the service; the socket error is its cause. */
const sdkNetworkCodes = ['REQUEST_SEND_ERROR'];

const busyCodes = new Set(['ServerBusy', 'OperationTimedOut', 'InternalError']);

/** Translates an error of `@azure/storage-blob` into an MLOpsError naming the container or blob and the fix. */
export function translateBlobError(error: unknown, context: BlobErrorContext): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  const { container, key, action } = context;
  const code = errorCode(error);
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const target = key === undefined ? `container '${container}'` : `'${key}' in container '${container}'`;
  const reason = error instanceof Error && error.message ? ` (${firstLine(error.message)})` : '';

  if (code === 'ContainerNotFound') return containerNotFound(container, error);
  if (code === 'BlobNotFound' || (status === 404 && key !== undefined)) return storeErrors.objectNotFound(key ?? '', providerId, error);
  if (status === 404) return containerNotFound(container, error);
  if (permissionCodes.has(code) || status === 401 || status === 403 || errorName(error) === 'CredentialUnavailableError') {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `Azure Blob Storage refused to ${action} ${target}: ${code || `HTTP ${String(status)}`}${reason}. Check the account key or SAS in the connection string (or the credential's identity), and that it holds the Storage Blob Data Contributor role on the account or container.`,
      { providerId, cause: error },
    );
  }
  if (code === 'InvalidBlockList') {
    return new MLOpsError(
      'CONFLICT',
      `Another upload of ${target} finished while this one was under way, and Azure Blob Storage discards the blocks of the one it did not keep${reason}. The blob holds the other upload's bytes; upload again if yours must win.`,
      { providerId, cause: error },
    );
  }
  if (isNetworkError(error, { extraCodes: sdkNetworkCodes }) || busyCodes.has(code) || errorName(error) === 'AbortError' || (typeof status === 'number' && status >= 500)) {
    return storeErrors.unavailable(providerId, `Azure Blob Storage could not be reached to ${action} ${target}`, error);
  }
  return new MLOpsError(
    'INTERNAL',
    `Azure Blob Storage failed to ${action} ${target}: ${code || errorName(error)}${reason}. Check the container's settings and the repository options; the cause holds the service's answer.`,
    { providerId, cause: error },
  );
}

/** NOT_FOUND for a missing container, with the two ways out. */
export function containerNotFound(container: string, cause?: unknown): MLOpsError {
  return new MLOpsError(
    'NOT_FOUND',
    `Azure Blob container '${container}' does not exist in the storage account. Create it, fix the container name, or pass createContainerIfMissing: true.`,
    { providerId, cause },
  );
}

/** The service's error code; HEAD responses have no body, so it comes from the x-ms-error-code header. */
export function errorCode(error: unknown): string {
  const { code, details } = (error ?? {}) as { code?: unknown; details?: { errorCode?: unknown } };
  if (typeof code === 'string') return code;
  return typeof details?.errorCode === 'string' ? details.errorCode : '';
}

function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'Error';
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
