// Reads the built .d.ts files (package exports), so it proves that the augmentation
// survives the build, as a user importing the published package sees it.
import { MLOpsBuilder, type MetadataStore, type ModelRepository } from '@mlops-ts/core';
import '@mlops-ts/remote';
import { RemoteMetadataStore, RemoteModelRepository, type RemoteTrackingOptions } from '@mlops-ts/remote';
import { describe, expectTypeOf, test } from 'vitest';

describe('useRemoteTracking() builder augmentation', () => {
  test('takes the server URL and options, and returns the builder', () => {
    expectTypeOf(new MLOpsBuilder().useRemoteTracking('https://mlops.example.com')).toEqualTypeOf<MLOpsBuilder>();
    expectTypeOf(new MLOpsBuilder().useRemoteTracking('https://mlops.example.com', { token: 't', retries: 2, requestTimeoutMs: 5_000 })).toEqualTypeOf<MLOpsBuilder>();
  });

  test('refuses options of the wrong type', () => {
    // @ts-expect-error the URL is required
    new MLOpsBuilder().useRemoteTracking();
    // @ts-expect-error the token is a string
    new MLOpsBuilder().useRemoteTracking('https://mlops.example.com', { token: 42 });
    // @ts-expect-error no such option
    new MLOpsBuilder().useRemoteTracking('https://mlops.example.com', { password: 'x' });
  });

  test('the providers are v1 providers', () => {
    expectTypeOf(new RemoteMetadataStore('https://mlops.example.com')).toMatchTypeOf<MetadataStore>();
    expectTypeOf(new RemoteModelRepository('https://mlops.example.com')).toMatchTypeOf<ModelRepository>();
    expectTypeOf<RemoteTrackingOptions['token']>().toEqualTypeOf<string | undefined>();
  });
});
