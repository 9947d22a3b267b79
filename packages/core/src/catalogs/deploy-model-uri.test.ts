import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MLOpsBuilder } from '../builder.js';
import type { MLOpsContext } from '../context.js';

describe('deployModel with a uri', () => {
  let rootDir: string;
  let mlops: MLOpsContext;
  beforeEach(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-deploy-uri-'));
    mlops = await new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useLocalFileModelRepository({ rootDir }).build();
  });
  afterEach(async () => {
    await mlops.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  async function register() {
    const run = await mlops.lifecycle.createRun('iris');
    const artifact = await mlops.model.upload(run.id, Buffer.from('model'), { name: 'model.bin' });
    await mlops.deployment.createDeploymentTarget('Production');
    return mlops.model.registerModel('iris', artifact.id, 'ada', { model: 'iris-classifier' });
  }

  it('records the uri given (e.g. a Kubernetes service) as the one getDeploymentUri answers, and still copies the file', async () => {
    const version = await register();
    const deployment = await mlops.deployment.deployModel('Production', version, 'ada', { uri: 'http://iris.models.svc.cluster.local:80' });
    expect(deployment.uri).toBe('http://iris.models.svc.cluster.local:80');
    expect(await mlops.deployment.getDeploymentUri('iris-classifier', 'Production')).toBe('http://iris.models.svc.cluster.local:80');
    const chunks: Buffer[] = [];
    for await (const chunk of await mlops.deployment.openDeployedModel('iris-classifier', 'Production')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('model');
    // Without the option, the repository's URI as before.
    expect((await mlops.deployment.deployModel('Production', version, 'ada')).uri).toMatch(/^file:/);
  });

  it('refuses a uri that is not an absolute URL with INVALID_ARGUMENT, recording nothing', async () => {
    const version = await register();
    for (const uri of ['iris.models', '', 42]) {
      await expect(mlops.deployment.deployModel('Production', version, 'ada', { uri } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(mlops.deployment.getCurrentDeployment('iris-classifier', 'Production')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
