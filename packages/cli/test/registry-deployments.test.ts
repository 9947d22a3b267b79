import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../src/exit-codes.js';
import { runMlops, runMlopsJson, temporaryProject } from './support/run-mlops.js';

const project = temporaryProject();
const cwd = project.folder;
const runIds: string[] = [];
beforeAll(async () => {
  for (const version of ['one', 'two', 'three']) {
    const runId = (await runMlops(['runs', 'create', 'iris-tuning'], { cwd })).stdout.trim();
    writeFileSync(path.join(cwd, 'model.onnx'), `model ${version}`);
    expect((await runMlops(['artifacts', 'upload', runId, 'model.onnx'], { cwd })).exitCode).toBe(0);
    runIds.push(runId);
  }
});
afterAll(() => project.remove());

describe('registry', () => {
  it('register adds versions 1, 2, 3 to a registered model named with --model', async () => {
    for (const [index, runId] of runIds.entries()) {
      const result = await runMlops(['register', runId, 'model.onnx', '--model', 'iris-classifier', '--by', 'ci', '--tag', `attempt=${index + 1}`], { cwd });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain(`as iris-classifier version ${index + 1} (models:/iris-classifier/${index + 1})`);
    }
    const versions = await runMlopsJson<{ versions: { version: number; runId: string; registeredBy: string; tags: object }[] }>(['versions', 'iris-classifier'], { cwd });
    expect(versions.versions.map(({ version, runId, registeredBy }) => ({ version, runId, registeredBy }))).toEqual([3, 2, 1].map((version) => ({ version, runId: runIds[version - 1], registeredBy: 'ci' })));
  });

  it('without --model a version goes to the registered model named after the experiment; MLOPS_USER says who', async () => {
    const version = await runMlopsJson<{ modelName: string; version: number; registeredBy: string }>(['register', runIds[0]!, 'model.onnx'], { cwd, env: { MLOPS_USER: 'ada' } });
    expect(version).toMatchObject({ modelName: 'iris-tuning', version: 1, registeredBy: 'ada' });
  });

  it('alias set points an alias at a version; alias delete removes it; versions shows aliases', async () => {
    expect((await runMlops(['alias', 'set', 'iris-classifier', 'champion', '2'], { cwd })).stdout).toMatch(/iris-classifier@champion now points at version 2/);
    await runMlops(['alias', 'set', 'iris-classifier', 'challenger', '3'], { cwd });
    const human = await runMlops(['versions', 'iris-classifier'], { cwd });
    expect(human.stdout).toMatch(/^MODEL\s+VERSION\s+ALIASES\s+DEPLOYED TO\s+RUN\s+ARTIFACT\s+REGISTERED\s+BY$/m);
    expect(human.stdout).toMatch(/^iris-classifier\s+v2\s+@champion\s+/m);
    expect((await runMlops(['alias', 'delete', 'iris-classifier', 'challenger'], { cwd })).exitCode).toBe(0);
    const { versions } = await runMlopsJson<{ versions: { version: number; aliases: string[] }[] }>(['versions', 'iris-classifier'], { cwd });
    expect(versions.map(({ version, aliases }) => ({ version, aliases }))).toEqual([{ version: 3, aliases: [] }, { version: 2, aliases: ['champion'] }, { version: 1, aliases: [] }]);
    const invalid = await runMlops(['alias', 'set', 'iris-classifier', 'latest', '1'], { cwd });
    expect(invalid.exitCode).toBe(exitCodes.INVALID_ARGUMENT);
  });

  it('models list, show and search', async () => {
    const list = await runMlopsJson<{ registeredModels: { name: string; latestVersion: number }[] }>(['models', 'list'], { cwd });
    expect(list.registeredModels.map(({ name, latestVersion }) => ({ name, latestVersion }))).toEqual([
      { name: 'iris-classifier', latestVersion: 3 },
      { name: 'iris-tuning', latestVersion: 1 },
    ]);
    expect((await runMlops(['models', 'list'], { cwd })).stdout).toMatch(/^iris-classifier\s+v3\s+/m);
    const shown = await runMlopsJson<{ registeredModel: { name: string }; versions: unknown[] }>(['models', 'show', 'iris-classifier'], { cwd });
    expect(shown.registeredModel.name).toBe('iris-classifier');
    expect(shown.versions).toHaveLength(3);
    const models = await runMlopsJson<{ registeredModels: { name: string }[]; nextPageToken: null }>(['models', 'search', '--filter', "name LIKE '%classifier'"], { cwd });
    expect(models).toEqual({ registeredModels: [expect.objectContaining({ name: 'iris-classifier' })], nextPageToken: null });
    const versions = await runMlopsJson<{ modelVersions: { version: number }[] }>(['models', 'search', '--versions', '--filter', "alias = 'champion'"], { cwd });
    expect(versions.modelVersions.map((version) => version.version)).toEqual([2]);
  });

  it('artifacts download takes a models:/ URI with an alias', async () => {
    const result = await runMlopsJson<{ path: string }>(['artifacts', 'download', 'models:/iris-classifier@champion', '--out', 'champion.onnx'], { cwd });
    expect(readFileSync(result.path, 'utf8')).toBe('model two');
  });
});

describe('deployments', () => {
  it('targets create and list', async () => {
    expect((await runMlops(['targets', 'create', 'Test'], { cwd })).exitCode).toBe(0);
    expect((await runMlopsJson<{ isProduction: boolean }>(['targets', 'create', 'Production', '--production'], { cwd })).isProduction).toBe(true);
    const human = await runMlops(['targets', 'list'], { cwd });
    expect(human.stdout).toMatch(/^Production\s+yes\s+/m);
    expect(human.stdout).toMatch(/^Test\s+no\s+/m);
  });

  it('deploy a version number, an alias and latest; history and versions show what each target serves', async () => {
    expect((await runMlops(['deploy', 'iris-classifier', '1', '--to', 'Production', '--by', 'ci'], { cwd })).stdout).toMatch(/Deployed iris-classifier version 1 \(models:\/iris-classifier\/1\) to Production/);
    expect((await runMlops(['deploy', 'iris-classifier', '@champion', '--to', 'Production', '--by', 'ci'], { cwd })).stdout).toMatch(/version 2 .* to Production/);
    expect((await runMlops(['deploy', 'iris-classifier', 'latest', '--to', 'Test'], { cwd })).stdout).toMatch(/version 3 .* to Test/);

    const history = await runMlopsJson<{ deployments: { target: string; version: number; deployedBy: string }[] }>(['history', 'iris-classifier'], { cwd });
    expect(history.deployments.map(({ target, version }) => `${target} v${version}`)).toEqual(['Test v3', 'Production v2', 'Production v1']);
    const production = await runMlopsJson<{ deployments: unknown[] }>(['history', 'iris-classifier', '--target', 'Production'], { cwd });
    expect(production.deployments).toHaveLength(2);
    expect((await runMlops(['history', 'iris-classifier'], { cwd })).stdout).toMatch(/^Production ●\s+v2\s+/m);

    const { versions } = await runMlopsJson<{ versions: { version: number; deployedTo: string[] }[] }>(['versions', 'iris-classifier'], { cwd });
    expect(versions.map(({ version, deployedTo }) => ({ version, deployedTo }))).toEqual([{ version: 3, deployedTo: ['Test'] }, { version: 2, deployedTo: ['Production'] }, { version: 1, deployedTo: [] }]);
  });

  it('uri gives where the deployed model lives, and with --url a link to download it', async () => {
    const location = (await runMlops(['uri', 'iris-classifier', '--target', 'Production'], { cwd })).stdout.trim();
    expect(location).toMatch(/^file:\/\//);
    const url = await runMlopsJson<{ url: string }>(['uri', 'iris-classifier', '--target', 'Production', '--url'], { cwd });
    expect(readFileSync(fileURLToPath(url.url), 'utf8')).toBe('model two');
    expect((await runMlops(['uri', 'iris-classifier', '--target', 'Production', '--expires-in', '60'], { cwd })).exitCode).toBe(exitCodes.INVALID_ARGUMENT);
    expect((await runMlops(['uri', 'iris-classifier', '--target', 'Stage'], { cwd })).exitCode).toBe(exitCodes.NOT_FOUND);
  });

  it('a version that does not exist is NOT_FOUND; a missing --to is a usage error', async () => {
    expect((await runMlops(['deploy', 'iris-classifier', '9', '--to', 'Test'], { cwd })).exitCode).toBe(exitCodes.NOT_FOUND);
    const usage = await runMlops(['deploy', 'iris-classifier', '1'], { cwd });
    expect(usage.exitCode).toBe(exitCodes.USAGE);
    expect(usage.stderr).toMatch(/required option '--to <target>' not specified/);
  });

  it('rollback redeploys the version served before; undeploy stops serving, recorded in the history', async () => {
    const rolledBack = await runMlops(['rollback', 'iris-classifier', '--target', 'Production', '--by', 'ci'], { cwd });
    expect(rolledBack.exitCode, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toMatch(/Rolled iris-classifier on Production back to version 1/);
    expect((await runMlopsJson<{ versions: { version: number; deployedTo: string[] }[] }>(['versions', 'iris-classifier'], { cwd })).versions.find((version) => version.version === 1)?.deployedTo).toEqual(['Production']);

    const undeployed = await runMlops(['undeploy', 'iris-classifier', '--target', 'Test'], { cwd });
    expect(undeployed.exitCode, undeployed.stderr).toBe(0);
    expect(undeployed.stdout).toMatch(/Test no longer serves iris-classifier/);
    expect((await runMlops(['uri', 'iris-classifier', '--target', 'Test'], { cwd })).exitCode).toBe(exitCodes.NOT_FOUND);
    const history = await runMlopsJson<{ deployments: { target: string; version: number | null; modelVersionId: string | null }[] }>(['history', 'iris-classifier'], { cwd });
    expect(history.deployments.slice(0, 2)).toEqual([
      expect.objectContaining({ target: 'Test', version: null, modelVersionId: null }),
      expect.objectContaining({ target: 'Production', version: 1 }),
    ]);
    expect((await runMlops(['history', 'iris-classifier', '--target', 'Test'], { cwd })).stdout).toMatch(/^Test ●\s+undeployed\s+/m);
  });

  it('targets delete refuses a target that serves something and deletes one that serves nothing', async () => {
    expect((await runMlops(['targets', 'delete', 'Production'], { cwd })).exitCode).toBe(exitCodes.CONFLICT);
    expect((await runMlops(['targets', 'delete', 'Test'], { cwd })).exitCode).toBe(0);
    expect((await runMlopsJson<{ targets: { name: string }[] }>(['targets', 'list'], { cwd })).targets.map((target) => target.name)).toEqual(['Production']);
  });
});
