import { describe, expect, it } from 'vitest';
import { validateConfigFile } from './validate-config-file.js';

const file = '/project/mlops.config.json';

function invalid(content: unknown): Error {
  try {
    validateConfigFile(content, file);
  } catch (error) {
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    return error as Error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('validateConfigFile', () => {
  it('accepts every section and puts options in object form, relative paths from the file\'s folder', () => {
    expect(
      validateConfigFile(
        {
          store: { provider: 'sqlite', options: 'data/mlops.db' },
          repository: { provider: 'local', options: { rootDir: '../shared/models' } },
          captureRunContext: { packageDependencies: 'all', workingDirectory: 'trainer' },
        },
        file,
      ),
    ).toEqual({
      store: { provider: 'sqlite', options: { path: '/project/data/mlops.db' } },
      repository: { provider: 'local', options: { rootDir: '/shared/models' } },
      captureRunContext: { packageDependencies: 'all', workingDirectory: '/project/trainer' },
    });
  });

  it("keeps SQLite's special names and a connection string as they are", () => {
    expect(validateConfigFile({ store: { provider: 'sqlite', options: { path: ':memory:' } } }, file).store).toEqual({ provider: 'sqlite', options: { path: ':memory:' } });
    expect(validateConfigFile({ store: { provider: 'postgres', options: 'postgres://u:p@db/mlops' } }, file).store).toEqual({
      provider: 'postgres',
      options: { connectionString: 'postgres://u:p@db/mlops' },
    });
  });

  it('accepts any provider by package and method, its options untouched', () => {
    expect(validateConfigFile({ store: { package: '@acme/mlops-redis', method: 'useRedis', options: 'redis://cache' } }, file).store).toEqual({
      package: '@acme/mlops-redis',
      method: 'useRedis',
      options: 'redis://cache',
    });
  });

  it("resolves a provider given as a file path from the config file's folder", () => {
    expect(validateConfigFile({ store: { package: './providers/store.mjs', method: 'useTeamStore' } }, file).store).toEqual({ package: '/project/providers/store.mjs', method: 'useTeamStore' });
  });

  it('refuses an unknown key, naming its JSON path and the file', () => {
    expect(invalid({ store: { provider: 'sqlite' }, stores: {} }).message).toMatch(/The key 'stores' in \/project\/mlops\.config\.json is not a configuration key\. Use 'store', 'repository', 'tracking', 'captureRunContext'/);
    expect(invalid({ store: { provider: 'sqlite', option: {} } }).message).toMatch(/'store\.option' in \/project\/mlops\.config\.json is not a configuration key.*under 'store'/);
    expect(invalid({ tracking: { uri: 'https://mlops.example.com', token: 'x' } }).message).toMatch(/'tracking\.token'/);
  });

  it('refuses values of the wrong type without repeating them', () => {
    expect(invalid([]).message).toMatch(/configuration in \/project\/mlops\.config\.json is an array, not an object/);
    expect(invalid({ store: 'sqlite' }).message).toMatch(/'store' in .* is a string, not an object.*"provider"/);
    expect(invalid({ store: { provider: 42 } }).message).toMatch(/'store\.provider' .* is a number\. Give a provider name: 'sqlite', 'postgres', 'sql-server', 'cosmos', 'memory'/);
    expect(invalid({ repository: { provider: 's3', options: 'my-bucket' } }).message).toMatch(/options of the 's3' provider \(the key 'repository\.options' in \/project\/mlops\.config\.json\) are a string, not an object/);
    expect(invalid({ store: { provider: 'postgres', options: { password: 'hunter2' }, extra: 'hunter2' } }).message).not.toContain('hunter2');
    expect(invalid({ captureRunContext: 'yes' }).message).toMatch(/^In \/project\/mlops\.config\.json: The captureRunContext option/);
  });

  it('refuses an unknown provider, and one put in the wrong slot, saying where it goes', () => {
    expect(invalid({ store: { provider: 'mongo' } }).message).toMatch(/metadata store provider 'mongo' \(the key 'store\.provider' in \/project\/mlops\.config\.json\) is not one of .*\{ "package": "…", "method": "use…" \}/);
    expect(invalid({ store: { provider: 's3' } }).message).toMatch(/'s3' .* is a model repository provider, not a metadata store provider\. Configure it as the model repository \(under 'repository'/);
    expect(invalid({ repository: { provider: 'remote' } }).message).toMatch(/tracking server provider.*tracking\.uri/);
    expect(invalid({ store: { provider: 'memory', options: { size: 1 } } }).message).toMatch(/'memory' provider takes no options/);
  });

  it('refuses a package without a method, and both provider and package', () => {
    expect(invalid({ store: { package: '@acme/mlops-redis' } }).message).toMatch(/'store\.method' .* is undefined\. Give the builder method/);
    expect(invalid({ store: { package: 'x', method: 'use redis' } }).message).toMatch(/'store\.method' .* is not a method name/);
    expect(invalid({ store: { provider: 'sqlite', package: 'x', method: 'y' } }).message).toMatch(/both 'provider' and 'package'/);
  });

  it('refuses tracking beside a store or repository, and a tracking URI that is not http(s)', () => {
    expect(invalid({ tracking: { uri: 'https://mlops.example.com' }, repository: { provider: 'local' } }).message).toMatch(/both 'tracking' and 'repository'/);
    const error = invalid({ tracking: { uri: 'ftp://user:hunter2@host' } });
    expect(error.message).toMatch(/tracking server URI \(the key 'tracking\.uri' .*\) is not an http or https URL/);
    expect(error.message).not.toContain('hunter2');
  });
});
