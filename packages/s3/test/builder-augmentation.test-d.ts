// Reads the built .d.ts files (package exports), so it proves that the augmentation
// survives the build, as a user importing the published package sees it.
import { MLOpsBuilder, type ModelRepository } from '@mlops-ts/core';
import '@mlops-ts/s3';
import { S3ModelRepository, type S3ModelRepositoryOptions } from '@mlops-ts/s3';
import { describe, expectTypeOf, test } from 'vitest';

describe('useS3ModelRepository() builder augmentation', () => {
  test('takes options, or MLOps.NET-style keys, region and bucket, and returns the builder', () => {
    expectTypeOf(new MLOpsBuilder().useS3ModelRepository({ bucket: 'models', region: 'eu-west-1' })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useS3ModelRepository('key', 'secret', 'eu-west-1')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useS3ModelRepository('key', 'secret', 'eu-west-1', 'models')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useInMemoryMetadataStore().useS3ModelRepository({ bucket: 'b' })).toEqualTypeOf<MLOpsBuilder>();
  });

  test('refuses options without a bucket and an incomplete key pair', () => {
    // @ts-expect-error the bucket is required
    new MLOpsBuilder().useS3ModelRepository({ region: 'eu-west-1' });
    // @ts-expect-error the secret and the region are required with an access key id
    new MLOpsBuilder().useS3ModelRepository('key');
    // @ts-expect-error the part size is a number of bytes
    new MLOpsBuilder().useS3ModelRepository({ bucket: 'b', partSizeBytes: '8MB' });
  });

  test('S3ModelRepository is a v1 model repository', () => {
    expectTypeOf(new S3ModelRepository({ bucket: 'b' })).toMatchTypeOf<ModelRepository>();
    expectTypeOf<S3ModelRepositoryOptions['bucket']>().toEqualTypeOf<string>();
  });

  test('importing @mlops-ts/s3 adds no other provider method', () => {
    // @ts-expect-error only @mlops-ts/azure-blob adds this one
    void new MLOpsBuilder().useAzureBlobModelRepository;
  });
});
