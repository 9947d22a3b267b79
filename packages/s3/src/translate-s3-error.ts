import { isNetworkError, MLOpsError, storeErrors } from '@mlops-ts/core';

/** The provider id every error of this package carries. */
export const providerId = 's3';

/** What the failing call was about, so the message can name it. */
export interface S3ErrorContext {
  bucket: string;
  /** The object key as the core passed it (without the repository prefix). */
  key?: string;
  /** A few words for the operation, such as 'upload' or 'list the objects of'. */
  action: string;
}

const permissionErrorNames = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'Forbidden',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AllAccessDisabled',
  'CredentialsProviderError',
]);

const unavailableErrorNames = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'ThrottlingException',
]);

/** Translates an error of the AWS SDK into an MLOpsError naming the bucket or key and the fix. */
export function translateS3Error(error: unknown, context: S3ErrorContext): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  const name = errorName(error);
  const status = httpStatus(error);
  const { bucket, key, action } = context;
  const target = key === undefined ? `bucket '${bucket}'` : `'${key}' in bucket '${bucket}'`;
  // HEAD responses carry no error body, so the SDK only knows the status.
  const described = name === 'Unknown' || name === 'UnknownError' ? `HTTP ${status ?? 'error'}` : name;
  const reason = error instanceof Error && error.message && error.message !== 'UnknownError' ? ` (${error.message})` : '';

  if (name === 'NoSuchBucket') return bucketNotFound(bucket, error);
  if (name === 'NoSuchKey' || ((name === 'NotFound' || status === 404) && key !== undefined)) {
    return storeErrors.objectNotFound(key ?? '', providerId, error);
  }
  if (name === 'NotFound' || status === 404) return bucketNotFound(bucket, error);
  if (permissionErrorNames.has(name) || status === 401 || status === 403) {
    return new MLOpsError(
      'PERMISSION_DENIED',
      `S3 refused to ${action} ${target}: ${described}${reason}. Check the access key id and secret (or the credential chain: AWS_PROFILE, AWS_ACCESS_KEY_ID), the region, and that the IAM policy allows s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on the bucket.`,
      { providerId, cause: error },
    );
  }
  if (isNetworkError(error) || unavailableErrorNames.has(name) || (status !== undefined && status >= 500)) {
    return storeErrors.unavailable(providerId, `S3 could not be reached to ${action} ${target}`, error);
  }
  return new MLOpsError(
    'INTERNAL',
    `S3 failed to ${action} ${target}: ${described}${reason}. Check the bucket's settings and the repository options; the cause holds the service's answer.`,
    { providerId, cause: error },
  );
}

/** NOT_FOUND for a missing bucket, with the two ways out. */
export function bucketNotFound(bucket: string, cause?: unknown): MLOpsError {
  return new MLOpsError(
    'NOT_FOUND',
    `S3 bucket '${bucket}' does not exist (or is in another region or account). Create it, fix the bucket name and region, or pass createBucketIfMissing: true.`,
    { providerId, cause },
  );
}

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, Code } = error as { name?: unknown; Code?: unknown };
  if (typeof Code === 'string') return Code;
  return typeof name === 'string' ? name : 'Error';
}

function httpStatus(error: unknown): number | undefined {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}
