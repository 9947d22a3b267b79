import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder, type Metric } from '@mlops-ts/core';
import { newDeploymentTargetRecord, newModelVersionRecord, newRegisteredModelRecord, newRunArtifactRecord } from '@mlops-ts/provider-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CosmosMetadataStore } from '../src/index.js';
import { dropDatabase, localClient, localCosmosOptions, uniqueDatabaseId } from './support/local-cosmos.js';
import { newExperiment, newRun } from './support/records.js';

let databaseId: string;
let store: CosmosMetadataStore;

beforeEach(async () => {
  databaseId = uniqueDatabaseId('store');
  store = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
  await store.connect();
});

afterEach(async () => {
  await store.close();
  await dropDatabase(databaseId);
});

describe('containers', () => {
  it('creates the three containers with their partition keys, named with the prefix', async () => {
    const prefixed = new CosmosMetadataStore(localCosmosOptions({ databaseId, containerPrefix: 'team-a-' }));
    await prefixed.connect();
    await prefixed.close();
    const client = localClient();
    try {
      const { resources } = await client.database(databaseId).containers.readAll().fetchAll();
      const layout = Object.fromEntries(resources.map((container) => [container.id, container.partitionKey?.paths]));
      expect(layout).toEqual({
        catalog: ['/id'],
        runs: ['/runId'],
        models: ['/registeredModelId'],
        'team-a-catalog': ['/id'],
        'team-a-runs': ['/runId'],
        'team-a-models': ['/registeredModelId'],
      });
      const runs = resources.find((container) => container.id === 'runs')!;
      expect(runs.indexingPolicy?.excludedPaths?.map((path) => path.path)).toEqual(expect.arrayContaining(['/steps/*', '/metricValues/*', '/timestamps/*']));
    } finally {
      client.dispose();
    }
  });

  it('two stores with different prefixes in one database do not see each other', async () => {
    const other = new CosmosMetadataStore(localCosmosOptions({ databaseId, containerPrefix: 'other-' }));
    await other.connect();
    try {
      await store.createExperiment(newExperiment('iris'));
      expect(await other.listExperiments()).toEqual([]);
      expect(await other.getExperimentByName('iris')).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('a second connect to existing containers creates nothing and sees the data', async () => {
    const created = await store.createExperiment(newExperiment('iris'));
    const again = new CosmosMetadataStore(localCosmosOptions({ databaseId, createIfMissing: false }));
    await again.connect();
    try {
      expect(await again.getExperimentById(created.id)).toEqual(created);
    } finally {
      await again.close();
    }
  });
});

describe('names and ids Cosmos DB could not hold as item ids', () => {
  it('experiment and target names with / ? # \\ and 500 characters are stored, found by name, and tried as ids without error', async () => {
    const names = ['a/b', 'what?', '#1', 'back\\slash', 'n'.repeat(500), 'trailing space '];
    for (const name of names) await store.createExperiment(newExperiment(name));
    for (const name of names) {
      expect((await store.getExperimentByName(name))?.name).toBe(name);
      expect(await store.getExperimentById(name)).toBeNull();
      expect(await store.getRun(name)).toBeNull();
    }
    await store.createDeploymentTarget(newDeploymentTargetRecord({ name: 'prod/eu?#', isProduction: true }));
    expect((await store.getDeploymentTargetByName('prod/eu?#'))?.isProduction).toBe(true);
    expect(await store.getDeploymentTargetById('prod/eu?#')).toBeNull();
  });

  it('resolves such names through the catalog API, which tries a name as an id first', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-cosmos-'));
    const mlops = await new MLOpsBuilder()
      .useMetadataStore(new CosmosMetadataStore(localCosmosOptions({ databaseId })))
      .useLocalFileModelRepository(path.join(folder, 'models'))
      .build();
    try {
      const run = await mlops.lifecycle.createRun('team/vision?#1');
      expect((await mlops.lifecycle.getExperiment('team/vision?#1')).id).toBe(run.experimentId);
      expect(await mlops.lifecycle.getRuns('team/vision?#1')).toHaveLength(1);
    } finally {
      await mlops.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('metric batches', () => {
  it('a call of 50,000 points over 150 keys is split into several transactional batches and loses nothing', async () => {
    const experiment = await store.createExperiment(newExperiment('big'));
    const run = newRun(experiment.id);
    await store.createRun(run);
    const points: Metric[] = [];
    for (let step = 0; step < 50_000; step++) points.push({ runId: run.id, key: 'loss', value: 1 / (step + 1), step, timestamp: 1_700_000_000_000 + step });
    for (let key = 0; key < 150; key++) points.push({ runId: run.id, key: `k${key}`, value: key, step: 0, timestamp: 1 });
    await store.logMetrics(points);
    const history = await store.getMetricHistory(run.id, 'loss');
    expect(history).toHaveLength(50_000);
    expect(history.at(-1)).toEqual({ runId: run.id, key: 'loss', value: 1 / 50_000, step: 49_999, timestamp: 1_700_000_049_999 });
    const latest = (await store.getRun(run.id))!.metrics;
    expect(Object.keys(latest)).toHaveLength(151);
    expect(latest.k149).toBe(149);
    expect(await store.getMetricHistory(run.id, 'loss', { startStep: 20_000, endStep: 20_002 })).toHaveLength(3);
  }, 60_000);

  it('two stores (two clients, two sessions) logging to one run keep every point and the true latest value', async () => {
    const experiment = await store.createExperiment(newExperiment('shared-run'));
    const run = newRun(experiment.id);
    await store.createRun(run);
    const second = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
    await second.connect();
    try {
      await Promise.all(
        [store, second].map(async (writer, index) => {
          for (let batch = 0; batch < 20; batch++) {
            const steps = Array.from({ length: 10 }, (_, offset) => index * 1_000 + batch * 10 + offset);
            await writer.logMetrics(steps.map((step) => ({ runId: run.id, key: 'loss', value: step, step, timestamp: 5 })));
          }
        }),
      );
      expect((await store.getMetricHistory(run.id, 'loss')).map((point) => point.step)).toEqual([
        ...Array.from({ length: 200 }, (_, step) => step),
        ...Array.from({ length: 200 }, (_, step) => 1_000 + step),
      ]);
      expect((await second.getRun(run.id))!.metrics).toEqual({ loss: 1_199 });
    } finally {
      await second.close();
    }
  });
});

describe('registry', () => {
  it('two stores registering versions of one registered model at once hand out 1..20 without gaps', async () => {
    const experiment = await store.createExperiment(newExperiment('registry'));
    const run = newRun(experiment.id);
    await store.createRun(run);
    const artifact = newRunArtifactRecord({ runId: run.id });
    await store.createRunArtifact(artifact);
    const registeredModel = await store.createRegisteredModel(newRegisteredModelRecord());
    const second = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
    await second.connect();
    try {
      const versions = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          (index % 2 ? second : store).createModelVersion(
            newModelVersionRecord({ registeredModelId: registeredModel.id, runId: run.id, runArtifactId: artifact.id, registeredAt: index }),
          ),
        ),
      );
      expect(versions.map((model) => model.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
      expect((await store.listModelVersions(registeredModel.id)).map((model) => model.version)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    } finally {
      await second.close();
    }
  });
});
