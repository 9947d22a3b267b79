import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buffer } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import {
  LocalFileModelRepository,
  MLOpsBuilder,
  MLOpsError,
  modelDeploymentFolder,
  repositoryLayoutMarkerKey,
  type MLOpsContext,
  type ModelRepositoryV1,
} from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../src/index.js';
import { createTempFolder } from './temp-database.js';
import { runWorkersTogether } from './worker-processes.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'first-release');
/** Where the fixture was written: its deployments recorded URIs under this folder. */
const fixtureModelsUrl = 'file:///tmp/release-fixture/models';

/** What the first release's deployments serve, and where that release put each copy. */
const served = [
  { model: 'iris', experiment: 'iris', target: 'Test', bytes: 'iris model 1', oldKey: 'deployments/iris/Test/model.bin' },
  { model: 'iris', experiment: 'iris', target: 'Production', bytes: 'iris model 0', oldKey: 'deployments/iris/Production/model.bin' },
  { model: 'team_fraud_v2', experiment: 'team/fraud@v2', target: 'Test', bytes: 'team/fraud@v2 model 0', oldKey: 'deployments/team%2Ffraud%40v2/Test/model.bin' },
  { model: 'team_fraud_v2', experiment: 'team/fraud@v2', target: 'Production', bytes: 'team/fraud@v2 model 1', oldKey: 'deployments/team%2Ffraud%40v2/Production/model.bin' },
];

let temp: ReturnType<typeof createTempFolder>;
let modelsFolder: string;
let databasePath: string;
let mlops: MLOpsContext | undefined;

beforeEach(() => {
  temp = createTempFolder();
  // A copy: the fixture itself is never changed.
  cpSync(fixture, temp.folder, { recursive: true });
  modelsFolder = path.join(temp.folder, 'models');
  databasePath = path.join(temp.folder, 'mlops.db');
  // As if the first release had written the copy here: its records name the copies' file:// URIs.
  const database = new Database(databasePath);
  database.prepare('UPDATE deployments SET uri = replace(uri, ?, ?)').run(fixtureModelsUrl, pathToFileURL(modelsFolder).href);
  database.close();
});

afterEach(async () => {
  await mlops?.close();
  mlops = undefined;
  temp.cleanup();
});

function open(repository: ModelRepositoryV1 = new LocalFileModelRepository({ rootDir: modelsFolder })): Promise<MLOpsContext> {
  return new MLOpsBuilder({ captureRunContext: false }).useSQLite({ path: databasePath }).useModelRepository(repository).build();
}

async function keysUnder(repository: ModelRepositoryV1, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of repository.list(prefix)) keys.push(object.key);
  return keys.sort();
}

/** A repository whose calls are recorded, and whose `failing` methods throw from their nth call on. */
function instrumented(failing: Partial<Record<'copy' | 'delete' | 'put', { fromCall: number; code: 'UNAVAILABLE' | 'PERMISSION_DENIED' }>> = {}) {
  const inner = new LocalFileModelRepository({ rootDir: modelsFolder });
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const repository = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const name = String(property);
        calls.push(`${name} ${args.filter((arg) => typeof arg === 'string').join(' ')}`.trim());
        counts.set(name, (counts.get(name) ?? 0) + 1);
        const failure = failing[name as keyof typeof failing];
        if (failure && counts.get(name)! >= failure.fromCall) return Promise.reject(new MLOpsError(failure.code, `${name} refused by the test`, { providerId: 'local-file' }));
        return (value as (...values: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { repository, calls };
}

/** Every first-release deployment reads back from its id-based key, and no first-release key is left. */
async function expectMovedToIdKeys(context: MLOpsContext): Promise<void> {
  const repository = context.modelRepository;
  const expectedKeys: string[] = [];
  for (const { model, target, bytes, oldKey } of served) {
    const current = await context.deployment.getCurrentDeployment(model, target);
    const key = `${modelDeploymentFolder(current.registeredModelId, current.deploymentTargetId)}model.bin`;
    expectedKeys.push(key);
    expect((await buffer(await context.deployment.openDeployedModel(model, target))).toString()).toBe(bytes);
    const url = await context.deployment.getDeployedModelUrl(model, target, { expiresInSeconds: 60 });
    expect(url).toBe(repository.uri(key));
    expect(readFileSync(fileURLToPath(url), 'utf8')).toBe(bytes);
    expect(await context.deployment.getDeploymentUri(model, target)).toBe(repository.uri(key));
    // History keeps the URI recorded when it was deployed.
    expect(current.uri).toBe(repository.uri(oldKey));
  }
  expect(await keysUnder(repository, 'deployments/')).toEqual(expectedKeys.sort());
  expect(await repository.exists(repositoryLayoutMarkerKey)).toBe(true);
}

describe("the first release's deployed copies", () => {
  it('move to id-based keys when a context is built, and read back by model name, experiment name and URL', async () => {
    const before = await keysUnder(new LocalFileModelRepository({ rootDir: modelsFolder }), 'deployments/');
    expect(before).toEqual(served.map((deployment) => deployment.oldKey).sort());
    mlops = await open();
    await expectMovedToIdKeys(mlops);
    // The experiment's name still finds the registered model named after it.
    expect((await buffer(await mlops.deployment.openDeployedModel('team/fraud@v2', 'Test'))).toString()).toBe('team/fraud@v2 model 0');
    expect(JSON.parse(readFileSync(path.join(modelsFolder, ...repositoryLayoutMarkerKey.split('/')), 'utf8'))).toMatchObject({ layout: 2 });
  });

  it('stay readable at the same keys and URLs after their experiments are renamed', async () => {
    mlops = await open();
    const urls = await Promise.all(served.map(({ model, target }) => mlops!.deployment.getDeployedModelUrl(model, target)));
    await mlops.lifecycle.renameExperiment('iris', 'iris-2019');
    await mlops.lifecycle.renameExperiment('team/fraud@v2', 'fraud-2019');
    await expectMovedToIdKeys(mlops);
    expect(await Promise.all(served.map(({ model, target }) => mlops!.deployment.getDeployedModelUrl(model, target)))).toEqual(urls);
    await mlops.close();
    mlops = await open();
    await expectMovedToIdKeys(mlops);
  });

  it('are moved once: a second build checks the layout marker and does nothing else', async () => {
    await (await open()).close();
    const { repository, calls } = instrumented();
    mlops = await open(repository);
    expect(calls).toEqual(['connect', `exists ${repositoryLayoutMarkerKey}`]);
    await expectMovedToIdKeys(mlops);
  });

  for (const [description, failing] of [
    ['the third copy', { copy: { fromCall: 3, code: 'UNAVAILABLE' } }],
    ['the second delete', { delete: { fromCall: 2, code: 'UNAVAILABLE' } }],
    ['writing the layout marker', { put: { fromCall: 1, code: 'UNAVAILABLE' } }],
  ] as const) {
    it(`finish on the next build when the repository fails at ${description}`, async () => {
      const { repository } = instrumented(failing);
      const error = await open(repository).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(MLOpsError.hasCode(error, 'UNAVAILABLE'), String(error)).toBe(true);
      expect((error as Error).message).toContain('Build again');
      expect(await new LocalFileModelRepository({ rootDir: modelsFolder }).exists(repositoryLayoutMarkerKey)).toBe(false);
      mlops = await open();
      await expectMovedToIdKeys(mlops);
    });
  }

  it('stay where they are, still served, when the repository is read-only, and move with the first build that may write', async () => {
    const { repository } = instrumented({ copy: { fromCall: 1, code: 'PERMISSION_DENIED' }, put: { fromCall: 1, code: 'PERMISSION_DENIED' }, delete: { fromCall: 1, code: 'PERMISSION_DENIED' } });
    mlops = await open(repository);
    for (const { model, target, bytes, oldKey } of served) {
      expect((await buffer(await mlops.deployment.openDeployedModel(model, target))).toString()).toBe(bytes);
      expect(await mlops.deployment.getDeployedModelUrl(model, target)).toBe(repository.uri(oldKey));
      expect(await mlops.deployment.getDeploymentUri(model, target)).toBe(repository.uri(oldKey));
    }
    await mlops.close();
    mlops = await open();
    await expectMovedToIdKeys(mlops);
  });

  it('are moved once when two processes build a context on them at the same moment', async () => {
    const results = await runWorkersTogether<{ experiments: number }>('open', databasePath, 2, () => [modelsFolder]);
    expect(results).toEqual([{ experiments: 2 }, { experiments: 2 }]);
    mlops = await open();
    await expectMovedToIdKeys(mlops);
  }, 60_000);
});
