import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodes } from '../src/exit-codes.js';
import { runMlops, runMlopsJson, temporaryProject } from './support/run-mlops.js';

let project: ReturnType<typeof temporaryProject>;
let cwd: string;
beforeEach(() => {
  project = temporaryProject();
  cwd = project.folder;
});
afterEach(() => project.remove());

const readConfig = (): Record<string, unknown> => JSON.parse(readFileSync(path.join(cwd, 'mlops.config.json'), 'utf8'));

describe('config set (MLOps.NET: set-storage-provider, config-sql-server, config-cosmos, config-s3)', () => {
  it('set-storage-provider SQLite: config set store sqlite writes mlops.config.json, and the next command uses that database', async () => {
    const result = await runMlops(['config', 'set', 'store', 'sqlite', '--path', 'data/tracking.db'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readConfig()).toEqual({ store: { provider: 'sqlite', options: { path: 'data/tracking.db' } } });

    mkdirSync(path.join(cwd, 'sub', 'folder'), { recursive: true });
    // From a folder below, the file is found and its relative path is relative to the file.
    await runMlopsJson(['experiments', 'create', 'iris'], { cwd: path.join(cwd, 'sub', 'folder') });
    const shown = await runMlopsJson(['config', 'show'], { cwd: path.join(cwd, 'sub') });
    expect(shown).toMatchObject({ configFile: path.join(cwd, 'mlops.config.json'), config: { store: { provider: 'sqlite', options: { path: path.join(cwd, 'data', 'tracking.db') } } }, sources: { store: { origin: 'file', key: 'store.provider' } } });
    expect(readFileSync(path.join(cwd, 'data', 'tracking.db')).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('config-sql-server: config set store sql-server keeps a ${VAR} connection string as a reference; config show masks the password', async () => {
    const result = await runMlops(['config', 'set', 'store', 'sql-server', '--connection-string', '${SQLSERVER_CONNECTION_STRING}'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readConfig()).toEqual({ store: { provider: 'sql-server', options: { connectionString: '${SQLSERVER_CONNECTION_STRING}' } } });
    expect(result.stderr).not.toMatch(/holds a secret/);

    const env = { SQLSERVER_CONNECTION_STRING: 'Server=db;Database=mlops;User Id=sa;Password=Sup3rSecret!' };
    const human = await runMlops(['config', 'show'], { cwd, env });
    expect(human.stdout).toMatch(/store:\s+sql-server\s+\(store.provider in the config file\)/);
    expect(human.stdout).toContain('Password=***');
    const json = await runMlops(['config', 'show', '--json'], { cwd, env });
    for (const output of [human.stdout, json.stdout]) expect(output).not.toContain('Sup3rSecret');
  });

  it('config-cosmos: config set store cosmos with a literal key warns that the secret is in the file; config show masks it', async () => {
    const result = await runMlops(['config', 'set', 'store', 'cosmos', '--endpoint', 'https://acme.documents.azure.com', '--key', 'c2VjcmV0LWtleQ==', '--database-id', 'mlops'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readConfig()).toEqual({ store: { provider: 'cosmos', options: { endpoint: 'https://acme.documents.azure.com', key: 'c2VjcmV0LWtleQ==', databaseId: 'mlops' } } });
    expect(result.stderr).toMatch(/the option 'key' holds a secret/);
    expect(result.stdout).not.toContain('c2VjcmV0LWtleQ==');
    const shown = await runMlopsJson<{ config: { store: { options: Record<string, string> } } }>(['config', 'show'], { cwd });
    expect(shown.config.store.options).toEqual({ endpoint: 'https://acme.documents.azure.com', key: '***', databaseId: 'mlops' });
  });

  it('config-s3: config set repository s3 keeps the store and takes any option with -o and --options', async () => {
    await runMlops(['config', 'set', 'store', 'sqlite', '--path', 'mlops.db'], { cwd });
    const result = await runMlops(['config', 'set', 'repository', 's3', '--bucket', 'models', '--region', 'eu-west-1', '--force-path-style', '-o', 'prefix=team-a', '--options', '{"createBucketIfMissing": true}'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readConfig()).toEqual({
      store: { provider: 'sqlite', options: { path: 'mlops.db' } },
      repository: { provider: 's3', options: { createBucketIfMissing: true, prefix: 'team-a', bucket: 'models', region: 'eu-west-1', forcePathStyle: true } },
    });
  });

  it('refuses a provider of the other slot, an unknown one and a JavaScript config file, with their exit statuses', async () => {
    const wrongSlot = await runMlops(['config', 'set', 'store', 's3'], { cwd });
    expect(wrongSlot.exitCode).toBe(exitCodes.INVALID_ARGUMENT);
    expect(wrongSlot.stderr).toMatch(/'s3' is a repository provider.*mlops config set repository s3/);
    expect((await runMlops(['config', 'set', 'store', 'redis'], { cwd })).stderr).toMatch(/Name one of sqlite, postgres, sql-server, cosmos, memory/);
    writeFileSync(path.join(cwd, 'mlops.config.mjs'), 'export default {};\n');
    const javascript = await runMlops(['config', 'set', 'store', 'memory'], { cwd });
    expect(javascript.exitCode).toBe(exitCodes.UNSUPPORTED);
    expect(javascript.stderr).toMatch(/mlops\.config\.mjs is not a JSON file/);
  });

  it('config show without a file names the embedded default and the variables that took part', async () => {
    const human = await runMlops(['config', 'show'], { cwd, env: { MLOPS_STORE_PATH: 'elsewhere.db' } });
    expect(human.stdout).toMatch(/config file:\s+none found/);
    expect(human.stdout).toMatch(/path:\s+.*elsewhere\.db/);
    expect(human.stdout).toMatch(/repository:\s+local\s+\(embedded default\)/);
    expect(human.stdout).toMatch(/variables:\s+MLOPS_STORE_PATH/);
    const json = await runMlopsJson(['config', 'show'], { cwd });
    expect(Object.keys(json).sort()).toEqual(['baseDirectory', 'config', 'configFile', 'environmentVariables', 'sources']);
    expect(json).toMatchObject({ configFile: null, sources: { store: { origin: 'default' }, repository: { origin: 'default' } } });
  });
});

describe('doctor', () => {
  it('connects to the embedded default, writes a probe object with --write, and prints versions', async () => {
    const human = await runMlops(['doctor', '--write'], { cwd });
    expect(human.exitCode, human.stdout + human.stderr).toBe(0);
    expect(human.stdout).toMatch(/✓ connect\s+store sqlite, repository local-file/);
    expect(human.stdout).toMatch(/✓ repository write\s+wrote, read back and deleted/);
    expect(human.stdout).toMatch(/@mlops-ts\/core\s+\d+\.\d+\.\d+/);
    const json = await runMlopsJson<{ ok: boolean; checks: { name: string; ok: boolean }[]; versions: Record<string, string | null> }>(['doctor'], { cwd });
    expect(json.ok).toBe(true);
    expect(json.checks.map((check) => check.name)).toEqual(['node', 'configuration', 'connect', 'store', 'repository']);
    expect(json.versions).toMatchObject({ node: process.versions.node, '@mlops-ts/cli': expect.any(String), '@mlops-ts/core': expect.any(String) });
  });

  it('says which package to install when the configured provider is missing, with its exit status', async () => {
    await runMlops(['config', 'set', 'store', 'postgres', '--connection-string', 'postgres://127.0.0.1:1/mlops'], { cwd });
    const result = await runMlops(['doctor'], { cwd });
    expect(result.exitCode).toBe(exitCodes.NOT_FOUND);
    expect(result.stdout).toMatch(/✗ connect\s+.*npm i @mlops-ts\/postgres/);
    // Commands that need the store fail the same way.
    const list = await runMlops(['experiments', 'list'], { cwd });
    expect(list.exitCode).toBe(exitCodes.NOT_FOUND);
    expect(list.stderr).toMatch(/npm i @mlops-ts\/postgres/);
  });
});
