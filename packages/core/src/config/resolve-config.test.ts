import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempProject, isolateConfigEnvironment, type TempProject } from '../../test/support/config-project.js';
import { resolveConfig } from './resolve-config.js';

describe('resolveConfig', () => {
  let project: TempProject;
  let dir: string;
  let restoreEnvironment: () => void;
  beforeEach(async () => {
    restoreEnvironment = isolateConfigEnvironment();
    project = await createTempProject();
    dir = await realpath(project.dir);
    await mkdir(path.join(dir, '.git')); // the search stops here, whatever /tmp holds
  });
  afterEach(async () => {
    restoreEnvironment();
    await project.remove();
  });

  it('with nothing configured, resolves to the embedded default in the working folder', async () => {
    const resolved = await resolveConfig({ cwd: dir });
    expect(resolved).toEqual({
      config: {
        store: { provider: 'sqlite', options: { path: path.join(dir, 'mlops', 'mlops.db') } },
        repository: { provider: 'local', options: { rootDir: path.join(dir, 'mlops', 'models') } },
      },
      configFile: undefined,
      baseDirectory: dir,
      sources: { store: { origin: 'default', key: 'default' }, repository: { origin: 'default', key: 'default' } },
      environmentVariables: [],
    });
  });

  it('reads the file found above the working folder; its relative paths and the defaults are beside the file', async () => {
    const file = await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'sqlite', options: { path: 'db/team.db', busyTimeoutMs: 100 } }, captureRunContext: false }));
    await mkdir(path.join(dir, 'trainer', 'src'), { recursive: true });
    const resolved = await resolveConfig({ cwd: path.join(dir, 'trainer', 'src') });
    expect(resolved.configFile).toBe(file);
    expect(resolved.config).toEqual({
      store: { provider: 'sqlite', options: { path: path.join(dir, 'db', 'team.db'), busyTimeoutMs: 100 } },
      repository: { provider: 'local', options: { rootDir: path.join(dir, 'mlops', 'models') } },
      captureRunContext: false,
    });
    expect(resolved.sources).toEqual({
      store: { origin: 'file', key: 'store.provider' },
      repository: { origin: 'default', key: 'default' },
      captureRunContext: { origin: 'file', key: 'captureRunContext' },
    });
  });

  it('substitutes ${VAR} references from the real environment and refuses a missing one, naming it and the key', async () => {
    process.env.TEST_MLOPS_DB_PASSWORD = 'hunter2';
    await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'postgres', options: { host: '${TEST_MLOPS_DB_HOST:-localhost}', password: '${TEST_MLOPS_DB_PASSWORD}' } } }));
    expect((await resolveConfig({ cwd: dir })).config.store).toEqual({ provider: 'postgres', options: { host: 'localhost', password: 'hunter2' } });
    delete process.env.TEST_MLOPS_DB_PASSWORD;
    await expect(resolveConfig({ cwd: dir })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/TEST_MLOPS_DB_PASSWORD, which the key 'store\.options\.password' in .*mlops\.config\.json refers to, is not set/),
    });
  });

  it('lets MLOPS_STORE replace the file\'s provider (dropping its options) and option variables add to it', async () => {
    await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'sqlite', options: { busyTimeoutMs: 100 } } }));
    process.env.MLOPS_STORE = 'postgres';
    process.env.MLOPS_STORE_CONNECTION_STRING = 'postgres://ci@db/mlops';
    process.env.MLOPS_STORE_OPTIONS = '{"schema":"ci","max":4}';
    const resolved = await resolveConfig({ cwd: dir });
    expect(resolved.config.store).toEqual({ provider: 'postgres', options: { connectionString: 'postgres://ci@db/mlops', schema: 'ci', max: 4 } });
    expect(resolved.sources.store).toEqual({ origin: 'environment', key: 'MLOPS_STORE' });
    expect(resolved.environmentVariables).toEqual(['MLOPS_STORE', 'MLOPS_STORE_CONNECTION_STRING', 'MLOPS_STORE_OPTIONS']);
  });

  it('merges environment options over the file\'s for the same provider; a relative path from the environment is from the working folder', async () => {
    await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'sqlite', options: { path: 'team.db', busyTimeoutMs: 100 } } }));
    await mkdir(path.join(dir, 'sub'));
    process.env.MLOPS_STORE_PATH = 'local.db';
    process.env.MLOPS_REPOSITORY_ROOT_DIR = '/mnt/models';
    const resolved = await resolveConfig({ cwd: path.join(dir, 'sub') });
    expect(resolved.config.store).toEqual({ provider: 'sqlite', options: { path: path.join(dir, 'sub', 'local.db'), busyTimeoutMs: 100 } });
    expect(resolved.config.repository).toEqual({ provider: 'local', options: { rootDir: '/mnt/models' } });
  });

  it('takes a third-party provider from MLOPS_STORE_PACKAGE and MLOPS_STORE_METHOD', async () => {
    process.env.MLOPS_STORE_PACKAGE = '@acme/mlops-redis';
    process.env.MLOPS_STORE_METHOD = 'useRedis';
    process.env.MLOPS_STORE_URL = 'redis://cache:6379';
    expect((await resolveConfig({ cwd: dir })).config.store).toEqual({ package: '@acme/mlops-redis', method: 'useRedis', options: { url: 'redis://cache:6379' } });
    delete process.env.MLOPS_STORE_METHOD;
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/MLOPS_STORE_METHOD is not set/);
  });

  it('refuses an unknown provider or options that are not JSON, naming the variable and never the value', async () => {
    process.env.MLOPS_STORE = 'mongo';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/'mongo' \(the environment variable MLOPS_STORE\) is not one of 'sqlite'/);
    process.env.MLOPS_STORE = 'postgres';
    process.env.MLOPS_STORE_OPTIONS = '{"password": hunter2}';
    const error = (await resolveConfig({ cwd: dir }).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/MLOPS_STORE_OPTIONS is not valid JSON/) });
    expect(error.message).not.toContain('hunter2');
  });

  it('uses MLOPS_TRACKING_URI and MLOPS_TRACKING_TOKEN for the tracking server, in place of the file\'s store and repository', async () => {
    await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'sqlite' }, repository: { provider: 'local' } }));
    process.env.MLOPS_TRACKING_URI = 'https://mlops.example.com';
    process.env.MLOPS_TRACKING_TOKEN = 'secret-token';
    const resolved = await resolveConfig({ cwd: dir });
    expect(resolved.config).toEqual({ tracking: { uri: 'https://mlops.example.com', options: { token: 'secret-token' } } });
    expect(resolved.sources).toEqual({ tracking: { origin: 'environment', key: 'MLOPS_TRACKING_URI' } });
  });

  it('refuses a tracking URI together with a store provider, and a token without a tracking URI', async () => {
    process.env.MLOPS_TRACKING_URI = 'https://mlops.example.com';
    process.env.MLOPS_STORE = 'sqlite';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/Both MLOPS_TRACKING_URI and MLOPS_STORE are set/);
    delete process.env.MLOPS_STORE;
    process.env.MLOPS_STORE_PATH = 'x.db';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/MLOPS_STORE_PATH sets store options, but the tracking server \(MLOPS_TRACKING_URI\) serves the store/);
    delete process.env.MLOPS_STORE_PATH;
    delete process.env.MLOPS_TRACKING_URI;
    process.env.MLOPS_TRACKING_TOKEN = 't';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/MLOPS_TRACKING_TOKEN is set, but no tracking server is configured/);
  });

  it("replaces the file's tracking server only when the environment names both a store and a repository", async () => {
    await project.write('mlops.config.json', JSON.stringify({ tracking: { uri: 'https://mlops.example.com', options: { token: '${TEST_MLOPS_TOKEN:-dev}' } } }));
    expect((await resolveConfig({ cwd: dir })).config).toEqual({ tracking: { uri: 'https://mlops.example.com', options: { token: 'dev' } } });
    process.env.MLOPS_STORE = 'memory';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/MLOPS_STORE is set, but the config file configures a tracking server.*Set both MLOPS_STORE and MLOPS_REPOSITORY/);
    process.env.MLOPS_REPOSITORY = 'local';
    expect((await resolveConfig({ cwd: dir })).config).toEqual({ store: { provider: 'memory' }, repository: { provider: 'local', options: { rootDir: path.join(dir, 'mlops', 'models') } } });
  });

  it('reads the file named by configPath, else by MLOPS_CONFIG, instead of searching', async () => {
    await project.write('mlops.config.json', JSON.stringify({ store: { provider: 'memory' } }));
    const other = await project.write('configs/ci.mjs', "export default { store: { provider: 'sqlite', options: 'ci.db' } };");
    process.env.MLOPS_CONFIG = 'configs/ci.mjs';
    const fromVariable = await resolveConfig({ cwd: dir });
    expect(fromVariable.configFile).toBe(other);
    expect(fromVariable.config.store).toEqual({ provider: 'sqlite', options: { path: path.join(dir, 'configs', 'ci.db') } });
    expect((await resolveConfig({ cwd: dir, configPath: 'mlops.config.json' })).config.store).toEqual({ provider: 'memory' });
    await expect(resolveConfig({ cwd: dir, configPath: 'missing.json' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets MLOPS_CAPTURE_RUN_CONTEXT turn capture off, or on while keeping the file\'s tuning', async () => {
    await project.write('mlops.config.json', JSON.stringify({ captureRunContext: { packageDependencies: 'none' } }));
    process.env.MLOPS_CAPTURE_RUN_CONTEXT = 'false';
    expect((await resolveConfig({ cwd: dir })).config.captureRunContext).toBe(false);
    process.env.MLOPS_CAPTURE_RUN_CONTEXT = 'true';
    expect((await resolveConfig({ cwd: dir })).config.captureRunContext).toEqual({ packageDependencies: 'none' });
    process.env.MLOPS_CAPTURE_RUN_CONTEXT = 'no';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/MLOPS_CAPTURE_RUN_CONTEXT is 'no', not 'true' or 'false'/);
  });

  it('reads the environment given as an option instead of process.env, and counts an empty variable as unset', async () => {
    process.env.MLOPS_STORE = 'postgres';
    const resolved = await resolveConfig({ cwd: dir, env: { MLOPS_STORE: 'memory', MLOPS_REPOSITORY: '' } });
    expect(resolved.config.store).toEqual({ provider: 'memory' });
    expect(resolved.sources.repository).toEqual({ origin: 'default', key: 'default' });
    expect(resolved.environmentVariables).toEqual(['MLOPS_STORE']);
  });

  it('refuses option variables for a provider that takes none, and a string meeting an object', async () => {
    process.env.MLOPS_STORE = 'memory';
    process.env.MLOPS_STORE_PATH = 'x';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/'memory' provider takes no options, but MLOPS_STORE_PATH gives some/);
    delete process.env.MLOPS_STORE;
    delete process.env.MLOPS_STORE_PATH;
    await project.write('mlops.config.json', JSON.stringify({ store: { package: 'x', method: 'useX', options: 'x://host' } }));
    process.env.MLOPS_STORE_TIMEOUT = '5';
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(/MLOPS_STORE_TIMEOUT sets options, but the key 'store\.options' in .* gives the options as a string/);
  });
});
