import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteProcess } from '../../azure-blob/test/support/azurite-process.js';
import { azuriteAccount } from '../../azure-blob/test/support/test-repository.js';
import { findPostgresBinaries, startPostgresServer, type TestPostgresServer } from '../../postgres/test/support/postgres-server.js';
import startS3rver from '../../s3/test/support/global-setup.js';
import { s3rverCredentials } from '../../s3/test/support/test-repository.js';
import { exitCodes } from '../src/exit-codes.js';
import { projectWithProviders } from './support/provider-project.js';
import { runMlops, runMlopsJson } from './support/run-mlops.js';

// The configuration paths of the server-backed providers, against the servers their own
// packages' tests start: config set writes them, config show masks their secrets, doctor
// connects, and a command then works on them.
// Each describe has a project of its own, so one's config file does not reach another.
function useProject(provider: string): { readonly cwd: string } {
  const project = projectWithProviders([provider]);
  afterAll(() => project.remove());
  return { cwd: project.folder };
}

interface Doctor {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
  versions: Record<string, string | null>;
}

const hasPostgres = findPostgresBinaries() !== undefined;
if (!hasPostgres) console.warn('SKIPPED: mlops against PostgreSQL: PostgreSQL is not installed (Debian package postgresql, as .ci/run installs).');

describe.skipIf(!hasPostgres)('PostgreSQL store', () => {
  const { cwd } = useProject('postgres');
  let server: TestPostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(() => server?.stop());

  it('config set store postgres with a ${DATABASE_URL} reference; show masks the password; doctor connects; runs are kept there', async () => {
    const url = new URL(server.url);
    url.password = 'n0t-in-output';
    const env = { DATABASE_URL: url.href };
    const set = await runMlops(['config', 'set', 'store', 'postgres', '--connection-string', '${DATABASE_URL}', '--schema', 'cli_test'], { cwd });
    expect(set.exitCode, set.stderr).toBe(0);
    const shown = await runMlops(['config', 'show'], { cwd, env });
    expect(shown.stdout).toMatch(/store:\s+postgres\s+\(store\.provider in the config file\)/);
    expect(shown.stdout).toMatch(/connectionString:\s+postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
    expect(shown.stdout + shown.stderr).not.toContain('n0t-in-output');

    const doctor = await runMlopsJson<Doctor>(['doctor'], { cwd, env });
    expect(doctor.checks.find((check) => check.name === 'connect')).toMatchObject({ ok: true, detail: expect.stringMatching(/^store postgres, repository local-file/) });
    expect(doctor.ok).toBe(true);
    expect(doctor.versions['@mlops-ts/postgres']).toEqual(expect.any(String));
    expect(JSON.stringify(doctor)).not.toContain('n0t-in-output');

    await runMlops(['experiments', 'create', 'on-postgres'], { cwd, env });
    expect((await runMlopsJson<{ experiments: { name: string }[] }>(['experiments', 'list'], { cwd, env })).experiments.map((experiment) => experiment.name)).toContain('on-postgres');
  });

  it('doctor names the store that cannot be reached, with the exit status of UNAVAILABLE', async () => {
    const result = await runMlops(['doctor'], { cwd, env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres', MLOPS_STORE_OPTIONS: '{"connectionTimeoutMillis": 2000}' } });
    expect(result.exitCode).toBe(exitCodes.UNAVAILABLE);
    expect(result.stdout).toMatch(/✗ connect/);
  });
});

describe('S3 repository (s3rver)', () => {
  const { cwd } = useProject('s3');
  const provided: Record<string, string> = {};
  let stop: () => Promise<void>;
  beforeAll(async () => {
    stop = await startS3rver({ provide: (key: string, value: string) => (provided[key] = value) } as never);
  });
  afterAll(() => stop?.());

  it('config set repository s3; show masks the credentials; doctor --write puts, reads back and deletes an object', async () => {
    const set = await runMlops(
      ['config', 'set', 'repository', 's3', '--bucket', provided.s3Bucket!, '--endpoint', provided.s3Endpoint!, '--region', 'us-east-1', '--force-path-style', '--prefix', 'cli', '--options', JSON.stringify({ credentials: s3rverCredentials })],
      { cwd },
    );
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stderr).toMatch(/the option 'credentials' holds a secret/);
    const shown = await runMlopsJson<{ config: { repository: { options: Record<string, unknown> } } }>(['config', 'show'], { cwd });
    expect(shown.config.repository.options).toMatchObject({ bucket: 'models', credentials: '***', forcePathStyle: true });

    const doctor = await runMlopsJson<Doctor>(['doctor', '--write'], { cwd });
    expect(doctor.checks).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'connect', ok: true, detail: expect.stringMatching(/repository s3/) }),
      expect.objectContaining({ name: 'repository write', ok: true }),
    ]));
    expect(doctor.ok).toBe(true);
  });
});

describe('Azure Blob repository (Azurite)', () => {
  const { cwd } = useProject('azure-blob');
  let azurite: AzuriteProcess;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(() => azurite?.stop());

  it('config set repository azure-blob with a ${VAR} connection string; show masks the account key; doctor --write works', async () => {
    const env = { AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount.name};AccountKey=${azuriteAccount.key};BlobEndpoint=${azurite.blobEndpoint};` };
    const set = await runMlops(['config', 'set', 'repository', 'azure-blob', '--connection-string', '${AZURE_STORAGE_CONNECTION_STRING}', '--container', 'cli-models'], { cwd, env });
    expect(set.exitCode, set.stderr).toBe(0);
    const shown = await runMlops(['config', 'show', '--json'], { cwd, env });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('AccountKey=***');
    expect(shown.stdout).not.toContain(azuriteAccount.key);

    const doctor = await runMlopsJson<Doctor>(['doctor', '--write'], { cwd, env });
    expect(doctor.checks.find((check) => check.name === 'repository write')).toMatchObject({ ok: true });
    expect(doctor.ok).toBe(true);
    expect(JSON.stringify(doctor)).not.toContain(azuriteAccount.key);
  });
});
