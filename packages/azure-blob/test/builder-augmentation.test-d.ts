// Reads the built .d.ts files (package exports), so it proves that the augmentation
// survives the build, as a user importing the published package sees it.
import { StorageSharedKeyCredential } from '@azure/storage-blob';
import { MLOpsBuilder, type ModelRepository } from '@mlops-ts/core';
import '@mlops-ts/azure-blob';
import { AzureBlobModelRepository, type TokenCredentialLike } from '@mlops-ts/azure-blob';
import { describe, expectTypeOf, test } from 'vitest';

/** The shape of `DefaultAzureCredential` from @azure/identity, without depending on it. */
declare const defaultAzureCredential: {
  getToken(scopes: string | string[], options?: { abortSignal?: AbortSignal; tenantId?: string }): Promise<{ token: string; expiresOnTimestamp: number; refreshAfterTimestamp?: number; tokenType?: 'Bearer' | 'pop' } | null>;
};

describe('useAzureBlobModelRepository() builder augmentation', () => {
  test('takes a connection string with options, or an account URL and any credential', () => {
    expectTypeOf(new MLOpsBuilder().useAzureBlobModelRepository('UseDevelopmentStorage=true')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useAzureBlobModelRepository('UseDevelopmentStorage=true', { container: 'models', prefix: 'mlops' })).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(
      new MLOpsBuilder().useAzureBlobModelRepository({ accountUrl: 'https://acct.blob.core.windows.net', credential: defaultAzureCredential, container: 'models' }),
    ).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(
      new MLOpsBuilder().useAzureBlobModelRepository({ accountUrl: 'https://acct.blob.core.windows.net', credential: new StorageSharedKeyCredential('acct', 'a2V5') }),
    ).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(defaultAzureCredential).toMatchTypeOf<TokenCredentialLike>();
  });

  test('refuses an account URL without a credential and unknown option types', () => {
    // @ts-expect-error a credential is required with an account URL
    new MLOpsBuilder().useAzureBlobModelRepository({ accountUrl: 'https://acct.blob.core.windows.net' });
    // @ts-expect-error the block size is a number of bytes
    new MLOpsBuilder().useAzureBlobModelRepository('UseDevelopmentStorage=true', { blockSizeBytes: '4MB' });
  });

  test('AzureBlobModelRepository is a v1 model repository', () => {
    expectTypeOf(new AzureBlobModelRepository({ connectionString: 'UseDevelopmentStorage=true' })).toMatchTypeOf<ModelRepository>();
  });

  test('importing @mlops-ts/azure-blob adds no other provider method', () => {
    // @ts-expect-error only @mlops-ts/s3 adds this one
    void new MLOpsBuilder().useS3ModelRepository;
  });
});
