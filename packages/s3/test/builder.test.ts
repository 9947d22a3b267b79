import { Readable } from 'node:stream';
import { MLOpsBuilder, MLOpsError } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { testRepositoryOptions } from './support/test-repository.js';

describe('useS3ModelRepository()', () => {
  it('configures an S3 repository that build() connects and the model catalog uses', async () => {
    await using mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useS3ModelRepository(testRepositoryOptions()).build();
    expect(mlops.modelRepository.providerId).toBe('s3');
    const run = await mlops.lifecycle.createRun('iris');
    const artifact = await mlops.model.upload(run.id, Readable.from([Buffer.from('onnx bytes')]), { name: 'model.onnx' });
    expect(artifact.sizeBytes).toBe(10);
  });

  it('refuses the MLOps.NET form without a secret and region', () => {
    const call = () => (new MLOpsBuilder() as unknown as { useS3ModelRepository(key: string): unknown }).useS3ModelRepository('key');
    expect(call).toThrow(MLOpsError);
    expect(call).toThrow(/secret access key and the region/);
  });

  it('refuses a misspelt option instead of ignoring it (INVALID_ARGUMENT naming the option it resembles)', () => {
    const call = () => new MLOpsBuilder().useS3ModelRepository({ bucket: 'models', regoin: 'eu-west-1' } as never);
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("no option 'regoin' (did you mean 'region'?)") }));
  });

  it('cannot be configured next to another model repository', () => {
    const builder = new MLOpsBuilder().useLocalFileModelRepository();
    expect(() => builder.useS3ModelRepository({ bucket: 'models' })).toThrow(/already configured/);
  });
});
