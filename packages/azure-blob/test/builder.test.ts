import { Readable } from 'node:stream';
import { MLOpsBuilder } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { azuriteConnectionString, uniqueContainerName } from './support/test-repository.js';

describe('useAzureBlobModelRepository()', () => {
  it('takes a connection string (MLOps.NET style), creates the container and serves the model catalog', async () => {
    const container = uniqueContainerName();
    await using mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useAzureBlobModelRepository(azuriteConnectionString(), { container }).build();
    expect(mlops.modelRepository.providerId).toBe('azure-blob');
    const run = await mlops.lifecycle.createRun('iris');
    const artifact = await mlops.model.upload(run.id, Readable.from([Buffer.from('onnx bytes')]), { name: 'model.onnx' });
    expect(artifact.sizeBytes).toBe(10);
    expect(mlops.modelRepository.uri(`runs/${run.id}/model.onnx`)).toContain(`/${container}/runs/${run.id}/model.onnx`);
  });

  it('refuses a misspelt option instead of ignoring it (INVALID_ARGUMENT naming the option it resembles)', () => {
    const call = () => new MLOpsBuilder().useAzureBlobModelRepository(azuriteConnectionString(), { containr: 'models' } as never);
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("no option 'containr' (did you mean 'container'?)") }));
  });

  it('cannot be configured next to another model repository', () => {
    const builder = new MLOpsBuilder().useLocalFileModelRepository();
    expect(() => builder.useAzureBlobModelRepository(azuriteConnectionString())).toThrow(/already configured/);
  });
});
