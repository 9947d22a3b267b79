import { MLOpsBuilder, extendBuilder, MLOpsError } from '@mlops-ts/core';
import { S3ModelRepository } from './s3-model-repository.js';
import type { S3ModelRepositoryOptions } from './s3-model-repository-options.js';

export { S3ModelRepository } from './s3-model-repository.js';
export type { S3ModelRepositoryOptions } from './s3-model-repository-options.js';

/** The bucket MLOps.NET's `UseAWSS3ModelRepository(key, secret, region)` used when none was named. */
const defaultBucket = 'model-repository';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * Keeps model files in an S3 bucket (AWS or an S3-compatible server).
     * @example
     * new MLOpsBuilder().useS3ModelRepository({ bucket: 'models', region: 'eu-west-1' })
     */
    useS3ModelRepository(options: S3ModelRepositoryOptions): this;
    /**
     * MLOps.NET's `UseAWSS3ModelRepository(accessKey, secretKey, region)`: static keys, a region
     * and a bucket (default 'model-repository'), created when missing.
     */
    useS3ModelRepository(accessKeyId: string, secretAccessKey: string, region: string, bucket?: string): this;
  }
}

function useS3ModelRepository(this: MLOpsBuilder, options: S3ModelRepositoryOptions): MLOpsBuilder;
function useS3ModelRepository(this: MLOpsBuilder, accessKeyId: string, secretAccessKey: string, region: string, bucket?: string): MLOpsBuilder;
function useS3ModelRepository(
  this: MLOpsBuilder,
  optionsOrAccessKeyId: S3ModelRepositoryOptions | string,
  secretAccessKey?: string,
  region?: string,
  bucket?: string,
): MLOpsBuilder {
  if (typeof optionsOrAccessKeyId !== 'string') return this.useModelRepository(new S3ModelRepository(optionsOrAccessKeyId));
  if (typeof secretAccessKey !== 'string' || typeof region !== 'string') {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      'useS3ModelRepository(accessKeyId, secretAccessKey, region, bucket?) needs the secret access key and the region. Pass all three, or pass an options object such as { bucket, region }.',
      { providerId: 's3' },
    );
  }
  return this.useModelRepository(
    new S3ModelRepository({
      bucket: bucket ?? defaultBucket,
      region,
      credentials: { accessKeyId: optionsOrAccessKeyId, secretAccessKey },
      createBucketIfMissing: true,
    }),
  );
}

extendBuilder('useS3ModelRepository', useS3ModelRepository as MLOpsBuilder['useS3ModelRepository']);
