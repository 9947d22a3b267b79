import type { Experiment } from '@mlops-ts/core';
import { newDeploymentTargetRecord, newModelVersionRecord, newRunArtifactRecord } from '@mlops-ts/provider-tests';
import { afterEach, describe, expect, it } from 'vitest';
import { CosmosMetadataStore } from '../src/index.js';
import { dropDatabase, localClient, localCosmosOptions, uniqueDatabaseId } from './support/local-cosmos.js';
import { newExperiment, newRun } from './support/records.js';

const databases: string[] = [];

afterEach(async () => {
  for (const databaseId of databases.splice(0)) await dropDatabase(databaseId);
});

/**
 * A database as the first release left it: experiments, runs and artifacts written through
 * today's store, and in the `registry` container (partitioned by `/experimentId`) each
 * experiment's versions, version counter and deployments as that release wrote them.
 */
async function firstReleaseDatabase() {
  const databaseId = uniqueDatabaseId('upgrade');
  databases.push(databaseId);
  const store = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
  await store.connect();
  const target = await store.createDeploymentTarget(newDeploymentTargetRecord({ name: 'Production' }));
  const legacy: Record<string, unknown>[] = [];
  const experiments: Experiment[] = [];
  for (const [name, count] of [['iris', 3], ['team/fraud', 2], ['team@fraud', 1]] as const) {
    const experiment = await store.createExperiment(newExperiment(name, { createdAt: experiments.length }));
    experiments.push(experiment);
    for (let version = 1; version <= count; version++) {
      const run = newRun(experiment.id);
      await store.createRun(run);
      const artifact = newRunArtifactRecord({ runId: run.id, name: `model-${version}.onnx` });
      await store.createRunArtifact(artifact);
      const id = `${experiment.id.slice(0, -4)}${String(version).padStart(4, '0')}`;
      legacy.push({ id, type: 'registered-model', experimentId: experiment.id, runId: run.id, runArtifactId: artifact.id, version, registeredBy: 'ada', registeredAt: 1000 * version, description: `v${version}`, tags: { stage: `s${version}` } });
    }
    legacy.push({ id: 'model-version-counter', type: 'model-version-counter', experimentId: experiment.id, lastVersion: count });
  }
  const irisVersion2 = legacy.find((item) => item.experimentId === experiments[0]!.id && item.version === 2)!;
  legacy.push({ id: 'deployment-1', type: 'deployment', experimentId: experiments[0]!.id, deploymentTargetId: target.id, registeredModelId: irisVersion2.id, deployedBy: 'bob', deployedAt: 5000, uri: 'file:///models/deployments/iris/Production/model-2.onnx' });
  await store.close();
  const client = localClient();
  try {
    const { container } = await client.database(databaseId).containers.createIfNotExists({ id: 'registry', partitionKey: { paths: ['/experimentId'] } });
    for (const item of legacy) await container.items.create(item);
  } finally {
    client.dispose();
  }
  return { databaseId, experiments, target, irisVersion2 };
}

async function expectUpgraded(store: CosmosMetadataStore, { experiments, target, irisVersion2 }: Awaited<ReturnType<typeof firstReleaseDatabase>>) {
  const models = await store.listRegisteredModels();
  // Names that need no escaping keep theirs; the others get '_' and a suffix where taken.
  expect(models.map((model) => [model.id, model.name])).toEqual([
    [experiments[0]!.id, 'iris'],
    [experiments[1]!.id, 'team_fraud'],
    [experiments[2]!.id, 'team_fraud (2)'],
  ]);
  const iris = await store.listModelVersions(experiments[0]!.id);
  expect(iris.map((version) => [version.version, version.modelName, version.artifactPath, version.description, version.tags])).toEqual([
    [1, 'iris', 'model-1.onnx', 'v1', { stage: 's1' }],
    [2, 'iris', 'model-2.onnx', 'v2', { stage: 's2' }],
    [3, 'iris', 'model-3.onnx', 'v3', { stage: 's3' }],
  ]);
  expect(await store.getModelVersion(irisVersion2.id as string)).toMatchObject({ version: 2, registeredModelId: experiments[0]!.id });
  expect((await store.getRegisteredModelByName('team_fraud (2)'))?.id).toBe(experiments[2]!.id);
  expect(await store.listDeployments({ registeredModelId: experiments[0]!.id })).toEqual([
    { id: 'deployment-1', deploymentTargetId: target.id, registeredModelId: experiments[0]!.id, modelVersionId: irisVersion2.id, deployedBy: 'bob', deployedAt: 5000, uri: 'file:///models/deployments/iris/Production/model-2.onnx' },
  ]);
}

describe('a Cosmos DB database written by the first release', () => {
  it('is upgraded on connect: each experiment’s versions become a registered model, deployments name it and the version, numbers go on', async () => {
    const database = await firstReleaseDatabase();
    const store = new CosmosMetadataStore(localCosmosOptions({ databaseId: database.databaseId }));
    await store.connect();
    try {
      await expectUpgraded(store, database);
      const [run] = await store.listRuns(database.experiments[0]!.id);
      const next = await store.createModelVersion(newModelVersionRecord({ registeredModelId: database.experiments[0]!.id, runId: run!.id, runArtifactId: null, artifactPath: 'model/' }));
      expect(next.version).toBe(4);
    } finally {
      await store.close();
    }
    // Connecting again changes nothing.
    const again = new CosmosMetadataStore(localCosmosOptions({ databaseId: database.databaseId }));
    await again.connect();
    try {
      expect((await again.listModelVersions(database.experiments[0]!.id)).map((version) => version.version)).toEqual([1, 2, 3, 4]);
      expect(await again.listRegisteredModels()).toHaveLength(3);
    } finally {
      await again.close();
    }
  });

  it('is upgraded once when two stores connect at the same moment', async () => {
    const database = await firstReleaseDatabase();
    const stores = [0, 1].map(() => new CosmosMetadataStore(localCosmosOptions({ databaseId: database.databaseId })));
    await Promise.all(stores.map((store) => store.connect()));
    try {
      for (const store of stores) await expectUpgraded(store, database);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
