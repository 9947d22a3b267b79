import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import { LocalFileModelRepository, MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import { latestSchemaVersion } from '@mlops-ts/sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../src/index.js';
import { createTempFolder } from './temp-database.js';
import { runWorkersTogether } from './worker-processes.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'first-release');

let temp: ReturnType<typeof createTempFolder>;
let mlops: MLOpsContext | undefined;

beforeEach(() => {
  temp = createTempFolder();
  // A copy: the fixture itself is never changed.
  cpSync(fixture, temp.folder, { recursive: true });
});

afterEach(async () => {
  await mlops?.close();
  mlops = undefined;
  temp.cleanup();
});

function open(): Promise<MLOpsContext> {
  return new MLOpsBuilder({ captureRunContext: false })
    .useSQLite({ path: path.join(temp.folder, 'mlops.db') })
    .useModelRepository(new LocalFileModelRepository({ rootDir: path.join(temp.folder, 'models') }))
    .build();
}

/** Every version, deployment and blob of the first release, read through today's API. */
async function expectFirstReleaseReachable(context: MLOpsContext): Promise<void> {
  const models = (await context.model.searchRegisteredModels()).registeredModels;
  expect(models.map((model) => model.name)).toEqual(['iris', 'team_fraud_v2']);
  const plan = [
    { model: 'iris', experiment: 'iris', count: 3 },
    { model: 'team_fraud_v2', experiment: 'team/fraud@v2', count: 2 },
  ];
  for (const { model, experiment, count } of plan) {
    const versions = await context.model.getModelVersions(model);
    expect(versions.map((version) => version.version)).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    for (const version of versions) {
      expect(version).toMatchObject({ modelName: model, registeredBy: 'ada', description: `version from run ${version.version - 1}`, artifactPath: 'model.bin', tags: {}, aliases: [] });
      const chunks: Buffer[] = [];
      await context.model.download(version, new Writable({ write: (chunk: Buffer, _encoding, callback) => (chunks.push(chunk), callback()) }));
      expect(Buffer.concat(chunks).toString()).toBe(`${experiment} model ${version.version - 1}`);
      expect(await context.model.resolveModelUri(`models:/${model}/${version.version}`)).toEqual(version);
    }
    // The old calls by experiment find the same versions.
    expect(await context.model.getRegisteredModels(experiment)).toEqual(versions);
  }
  const served = [
    { model: 'iris', target: 'Test', version: 2, by: 'bob', bytes: 'iris model 1' },
    { model: 'iris', target: 'Production', version: 1, by: 'ada', bytes: 'iris model 0' },
    { model: 'team/fraud@v2', target: 'Test', version: 1, by: 'ada', bytes: 'team/fraud@v2 model 0' },
    { model: 'team_fraud_v2', target: 'Production', version: 2, by: 'carol', bytes: 'team/fraud@v2 model 1' },
  ];
  for (const { model, target, version, by, bytes } of served) {
    const current = await context.deployment.getCurrentDeployment(model, target);
    const registered = await context.model.getModelVersion(model, version);
    expect(current).toMatchObject({ registeredModelId: registered.registeredModelId, modelVersionId: registered.id, deployedBy: by });
    expect(await context.deployment.getDeploymentUri(model, target)).toBe(current.uri);
    expect((await buffer(await context.deployment.openDeployedModel(model, target))).toString()).toBe(bytes);
  }
  expect((await context.deployment.getDeployments('iris')).map((deployment) => deployment.deployedBy)).toEqual(['ada', 'bob', 'ada']);
}

describe('a store written by the first release', () => {
  it('upgrades in place: every version, deployment and blob is reachable through the registry API', async () => {
    mlops = await open();
    await expectFirstReleaseReachable(mlops);
  });

  it('keeps the registered model’s name when the experiment is renamed, and numbers new versions after the old ones', async () => {
    mlops = await open();
    const before = await mlops.model.getRegisteredModel('iris');
    await mlops.lifecycle.renameExperiment('iris', 'iris-2019');
    expect(await mlops.model.getRegisteredModel('iris')).toEqual(before);
    const run = await mlops.lifecycle.createRun('iris-2019');
    const artifact = await mlops.model.upload(run.id, Buffer.from('iris model 3'), { name: 'model.bin' });
    expect(await mlops.model.registerModel('iris-2019', artifact.id, 'ada', { model: 'iris' })).toMatchObject({ version: 4, registeredModelId: before.id });
    await mlops.model.setAlias('iris', 'champion', 4);
    await mlops.deployment.deployModel('Test', 'models:/iris@champion', 'ada');
    expect((await buffer(await mlops.deployment.openDeployedModel('iris', 'Test'))).toString()).toBe('iris model 3');
  });

  it('upgrades once when two processes open it at the same moment, and both read it', async () => {
    const databasePath = path.join(temp.folder, 'mlops.db');
    const results = await runWorkersTogether<{ experiments: number }>('migrate', databasePath, 2);
    expect(results).toEqual([{ experiments: 2 }, { experiments: 2 }]);
    const database = new Database(databasePath, { readonly: true });
    try {
      expect(database.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(Array.from({ length: latestSchemaVersion }, (_, index) => index + 1));
      expect(database.prepare('SELECT count(*) FROM model_versions').pluck().get()).toBe(5);
    } finally {
      database.close();
    }
    mlops = await open();
    await expectFirstReleaseReachable(mlops);
  }, 60_000);
});
