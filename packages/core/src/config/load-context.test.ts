import { existsSync } from 'node:fs';
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempProject, isolateConfigEnvironment, packagesFolder, type TempProject } from '../../test/support/config-project.js';
import { transpileCoreSource } from '../../test/support/transpiled-core.js';
import { MLOpsBuilder } from '../builder.js';
import { loadContext } from './load-context.js';
import { resolveConfig } from './resolve-config.js';

/** A provider package outside node_modules (as a workspace package is), adding `useAcmeStore`, whose store keeps the options it was given. */
const acmeProvider = `
import { extendBuilder, InMemoryMetadataStore } from '@mlops-ts/core';
extendBuilder('useAcmeStore', function useAcmeStore(options) {
  const store = new InMemoryMetadataStore();
  store.receivedOptions = options;
  return this.useMetadataStore(store);
});
`;

describe('loadContext', () => {
  let project: TempProject;
  let dir: string;
  let restoreEnvironment: () => void;
  beforeEach(async () => {
    restoreEnvironment = isolateConfigEnvironment();
    project = await createTempProject();
    dir = await realpath(project.dir);
    await mkdir(path.join(dir, '.git'));
  });
  afterEach(async () => {
    restoreEnvironment();
    await project.remove();
  });

  it('builds a working context from mlops.config.json with the project\'s own @mlops-ts/sqlite, at the paths the file gives', async () => {
    await project.link('@mlops-ts/sqlite', path.join(packagesFolder, 'sqlite'));
    await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'sqlite', options: { path: 'data/mlops.db' } }, repository: { provider: 'local', options: 'artifacts' }, captureRunContext: false }));
    await mkdir(path.join(dir, 'trainer'));
    const modelFile = await project.write('trainer/model.onnx', 'weights');
    let runId: string;
    {
      await using mlops = await loadContext({ cwd: path.join(dir, 'trainer') });
      expect(mlops.metadataStore.providerId).toBe('sqlite');
      const run = await mlops.lifecycle.createRun('churn');
      runId = run.id;
      await mlops.evaluation.logMetric(run.id, 'auc', 0.91);
      await mlops.model.upload(run.id, modelFile);
      expect((await mlops.lifecycle.getRun(run.id)).tags['mlops.host']).toBeUndefined(); // captureRunContext: false
    }
    expect(existsSync(path.join(dir, 'data', 'mlops.db'))).toBe(true);
    expect(existsSync(path.join(dir, 'artifacts', 'runs', runId))).toBe(true);
    await using reopened = await loadContext({ cwd: dir });
    expect((await reopened.lifecycle.getRun(runId)).metrics).toEqual({ auc: 0.91 });
    expect((await reopened.model.getRunArtifacts(runId)).map((artifact) => artifact.name)).toEqual(['model.onnx']);
  });

  it('with nothing configured, builds the embedded default: SQLite and files under mlops/ in the working folder', async () => {
    await project.link('@mlops-ts/sqlite', path.join(packagesFolder, 'sqlite'));
    await using mlops = await loadContext({ cwd: dir });
    expect(mlops.metadataStore.providerId).toBe('sqlite');
    expect(mlops.modelRepository.providerId).toBe('local-file');
    await mlops.lifecycle.createExperiment('iris');
    expect(existsSync(path.join(dir, 'mlops', 'mlops.db'))).toBe(true);
  });

  it('says exactly which package to install, and which key asked for it, when a provider is missing', async () => {
    const file = await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'postgres', options: { connectionString: 'postgres://u:p@db/mlops' } } }));
    await expect(loadContext({ cwd: dir })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(new RegExp(`The metadata store 'postgres' \\(the key 'store\\.provider' in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) needs the package @mlops-ts/postgres, which is not installed in this project .*Install it: npm i @mlops-ts/postgres$`)),
    });
  });

  it('says to install @mlops-ts/remote when MLOPS_TRACKING_URI names a tracking server', async () => {
    process.env.MLOPS_TRACKING_URI = 'http://127.0.0.1:5000';
    await expect(loadContext({ cwd: dir })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/The tracking server 'remote' \(the environment variable MLOPS_TRACKING_URI\) needs the package @mlops-ts\/remote.*Install it: npm i @mlops-ts\/remote$/),
    });
  });

  it('says to install @mlops-ts/sqlite when nothing is configured and the embedded default is missing', async () => {
    await expect(loadContext({ cwd: dir })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/'sqlite' \(the embedded default.*npm i @mlops-ts\/sqlite$/) });
  });

  it('calls a third-party builder method with its options, a ${SECRET} reference filled in from the environment', async () => {
    process.env.TEST_MLOPS_ACME_PASSWORD = 'hunter2';
    await project.link('@mlops-ts/core', path.join(packagesFolder, 'core'));
    await project.write('providers/acme/package.json', JSON.stringify({ name: '@acme/mlops-store', type: 'module', exports: './index.js' }));
    await project.write('providers/acme/index.js', acmeProvider);
    await project.link('@acme/mlops-store', path.join(dir, 'providers', 'acme'));
    await project.write(
      'mlops.config.json',
      JSON.stringify({ store: { package: '@acme/mlops-store', method: 'useAcmeStore', options: { host: 'acme.internal', password: '${TEST_MLOPS_ACME_PASSWORD}' } }, repository: { provider: 'local' } }),
    );
    await using mlops = await loadContext({ cwd: dir });
    expect((mlops.metadataStore as unknown as { receivedOptions: unknown }).receivedOptions).toEqual({ host: 'acme.internal', password: 'hunter2' });
    expect((await mlops.lifecycle.createExperiment('from-config')).name).toBe('from-config');
  });

  it("uses the method a provider registered on the project's own copy of @mlops-ts/core when it differs from the one loading the configuration", async () => {
    // The project's copy is the core's current source as plain JavaScript, in its node_modules,
    // loaded by Node itself: another copy than this test's, as a CLI installed apart from the
    // project would have.
    await transpileCoreSource(path.join(dir, 'node_modules', '@mlops-ts', 'core'));
    await project.write('node_modules/@acme/other-copy/package.json', JSON.stringify({ name: '@acme/other-copy', type: 'module', exports: './index.js' }));
    await project.write('node_modules/@acme/other-copy/index.js', acmeProvider.replaceAll('useAcmeStore', 'useAcmeOtherCopyStore'));
    await project.write('mlops.config.json', JSON.stringify({ store: { package: '@acme/other-copy', method: 'useAcmeOtherCopyStore', options: { host: 'x' } }, repository: { provider: 'local' } }));
    await using mlops = await loadContext({ cwd: dir });
    expect((MLOpsBuilder.prototype as unknown as Record<string, unknown>).useAcmeOtherCopyStore).toBeUndefined();
    expect((mlops.metadataStore as unknown as { receivedOptions: unknown }).receivedOptions).toEqual({ host: 'x' });
    expect((await mlops.lifecycle.createExperiment('shared')).name).toBe('shared');
  });

  it('refuses a package that adds no such builder method', async () => {
    await project.write('node_modules/not-a-provider/package.json', JSON.stringify({ name: 'not-a-provider', type: 'module', exports: './index.js' }));
    await project.write('node_modules/not-a-provider/index.js', 'export const nothing = 1;');
    process.env.MLOPS_STORE_PACKAGE = 'not-a-provider';
    process.env.MLOPS_STORE_METHOD = 'useNothing';
    await expect(loadContext({ cwd: dir })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/'not-a-provider' \(the environment variable MLOPS_STORE_PACKAGE\): the package not-a-provider is installed but adds no builder method 'useNothing'/),
    });
  });

  it("says which part of the configuration a provider's own error is about", async () => {
    await project.link('@mlops-ts/sqlite', path.join(packagesFolder, 'sqlite'));
    process.env.MLOPS_STORE_OPTIONS = '{"path":"mlops.db","busyTimeoutMs":-1}';
    await expect(loadContext({ cwd: dir })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      providerId: 'sqlite',
      message: expect.stringMatching(/^The metadata store 'sqlite' \(the embedded default, as nothing configures it\): busyTimeoutMs -1 is not a number of milliseconds/),
    });
  });

  it('builds from a configuration resolveConfig returned, and passes a lone connection string as the string argument', async () => {
    await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'memory' }, repository: { provider: 'local', options: { rootDir: 'models' } } }));
    const resolved = await resolveConfig({ cwd: dir });
    await using mlops = await loadContext({ resolvedConfig: resolved });
    expect(mlops.metadataStore.providerId).toBe('memory');
    await expect(mlops.lifecycle.createExperiment('x')).resolves.toMatchObject({ name: 'x' });
  });
});
