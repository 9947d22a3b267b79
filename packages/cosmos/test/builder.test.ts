import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder, MLOpsError } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import '../src/index.js';
import { CosmosMetadataStore } from '../src/index.js';
import { dropDatabase, localAgent, localKey, uniqueDatabaseId } from './support/local-cosmos.js';

let folder: string;
const databases: string[] = [];

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-cosmos-builder-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
  for (const databaseId of databases.splice(0)) await dropDatabase(databaseId);
});

describe('useCosmosDb()', () => {
  it('useCosmosDb(endpoint, key, options) builds a context whose metadata lives in Cosmos DB', async () => {
    const databaseId = uniqueDatabaseId('builder');
    databases.push(databaseId);
    const mlops = await new MLOpsBuilder()
      .useCosmosDb(inject('cosmosEndpoint'), localKey, { databaseId, clientOptions: { agent: localAgent } })
      .useLocalFileModelRepository(path.join(folder, 'models'))
      .build();
    try {
      expect(mlops.metadataStore).toBeInstanceOf(CosmosMetadataStore);
      expect(mlops.metadataStore.providerId).toBe('cosmos');
      const run = await mlops.lifecycle.createRun('iris');
      await mlops.evaluation.logMetric(run.id, 'accuracy', 0.9);
      expect((await mlops.lifecycle.getRun(run.id)).metrics).toEqual({ accuracy: 0.9 });
    } finally {
      await mlops.close();
    }
  });

  it('useCosmosDb({ endpoint, key, databaseId, containerPrefix }) takes one options object', async () => {
    const databaseId = uniqueDatabaseId('builder');
    databases.push(databaseId);
    const options = { endpoint: inject('cosmosEndpoint'), key: localKey, databaseId, containerPrefix: 'x-', clientOptions: { agent: localAgent } };
    const first = await new MLOpsBuilder().useCosmosDb(options).useLocalFileModelRepository(path.join(folder, 'models')).build();
    await first.lifecycle.createExperiment('iris');
    await first.close();
    const second = await new MLOpsBuilder().useCosmosDb({ ...options, createIfMissing: false }).useLocalFileModelRepository(path.join(folder, 'models')).build();
    try {
      expect((await second.lifecycle.getExperiments()).map((experiment) => experiment.name)).toEqual(['iris']);
      expect((second.metadataStore as CosmosMetadataStore).options).toMatchObject({ databaseId, containerPrefix: 'x-', createIfMissing: false });
    } finally {
      await second.close();
    }
  });

  it('refuses options without a key or credential when the builder is configured, and a second metadata store', () => {
    expect(() => new MLOpsBuilder().useCosmosDb({ endpoint: inject('cosmosEndpoint') })).toThrow(MLOpsError);
    expect(() => new MLOpsBuilder().useCosmosDb('not a url', localKey)).toThrow(/endpoint/);
    expect(() => new MLOpsBuilder().useInMemoryMetadataStore().useCosmosDb(inject('cosmosEndpoint'), localKey)).toThrow(MLOpsError);
  });
});
