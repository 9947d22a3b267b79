import { realpath } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempProject, isolateConfigEnvironment, type TempProject } from '../../test/support/config-project.js';
import { maskConfig } from './mask-config.js';
import { resolveConfig } from './resolve-config.js';

describe('maskConfig', () => {
  it('masks secret settings, passwords in URLs and connection strings, and shows credential objects by kind', () => {
    const credential = new (class DefaultAzureCredential {
      secret = 'never-shown';
    })();
    const masked = maskConfig({
      store: { provider: 'postgres', options: { connectionString: 'postgres://mlops:pg-pass-1@db:5432/mlops', password: 'pg-pass-2', ssl: { rejectUnauthorized: true } } },
      repository: { provider: 'azure-blob', options: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc123==;EndpointSuffix=core.windows.net', credential } },
      captureRunContext: false,
    });
    expect(masked).toEqual({
      store: { provider: 'postgres', options: { connectionString: 'postgres://mlops:***@db:5432/mlops', password: '***', ssl: { rejectUnauthorized: true } } },
      repository: { provider: 'azure-blob', options: { connectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net', credential: '***' } },
      captureRunContext: false,
    });
    expect(maskConfig({ store: { package: 'x', method: 'useX', options: { client: credential, hooks: { onError: () => {} } } } })).toEqual({
      store: { package: 'x', method: 'useX', options: { client: '[DefaultAzureCredential]', hooks: { onError: '[function]' } } },
    });
  });

  it("masks a secret setting's value wherever else it appears", () => {
    const masked = maskConfig({ store: { package: 'x', method: 'useX', options: { apiKey: 'k-123456', url: 'https://host/?key=k-123456' } } });
    expect(JSON.stringify(masked)).not.toContain('k-123456');
  });

  describe('on a resolved configuration', () => {
    let project: TempProject;
    let restoreEnvironment: () => void;
    beforeEach(async () => {
      restoreEnvironment = isolateConfigEnvironment();
      project = await createTempProject();
    });
    afterEach(async () => {
      restoreEnvironment();
      await project.remove();
    });

    it('masks the value of a ${SECRET} reference wherever it ended up, and keeps other references readable', async () => {
      process.env.TEST_MLOPS_DB_PASSWORD = 'pw-from-vault';
      process.env.TEST_MLOPS_BUCKET = 'team-models';
      await project.write(
        'mlops.config.json',
        JSON.stringify({
          store: { package: '@acme/store', method: 'useStore', options: { dsn: 'db://svc;auth=${TEST_MLOPS_DB_PASSWORD}' } },
          repository: { provider: 's3', options: { bucket: '${TEST_MLOPS_BUCKET}' } },
        }),
      );
      const { config } = await resolveConfig({ cwd: await realpath(project.dir) });
      expect(JSON.stringify(config)).toContain('pw-from-vault');
      const masked = maskConfig(config);
      expect(masked.store).toEqual({ package: '@acme/store', method: 'useStore', options: { dsn: 'db://svc;auth=***' } });
      expect(masked.repository).toEqual({ provider: 's3', options: { bucket: 'team-models' } });
    });
  });
});
