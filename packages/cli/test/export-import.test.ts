import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import '@mlops-ts/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEverything, seedEveryRecordKind } from './support/archive-fixture.js';
import { findPostgresBinaries, startPostgresServer, type TestPostgresServer } from '../../postgres/test/support/postgres-server.js';
import { exitCodes } from '../src/exit-codes.js';
import { projectWithProviders } from './support/provider-project.js';
import { runMlops, runMlopsJson, temporaryProject } from './support/run-mlops.js';
import { openSeedContext } from './support/seed-context.js';

const hasPostgres = findPostgresBinaries() !== undefined;
if (!hasPostgres) console.warn('SKIPPED: mlops export/import through PostgreSQL: PostgreSQL is not installed (Debian package postgresql, as .ci/run installs).');

/** Reads everything through the library, closing the context afterwards. */
async function snapshot(open: () => Promise<MLOpsContext>): Promise<unknown> {
  const mlops = await open();
  try {
    return await readEverything(mlops);
  } finally {
    await mlops.close();
  }
}

describe.skipIf(!hasPostgres)('mlops export and import: SQLite → PostgreSQL → SQLite', () => {
  const first = temporaryProject();
  const middle = projectWithProviders(['postgres']);
  const last = temporaryProject();
  let server: TestPostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer();
    const seed = await openSeedContext(first.folder);
    await seedEveryRecordKind(seed);
    await seed.close();
  });
  afterAll(async () => {
    await server?.stop();
    for (const project of [first, middle, last]) project.remove();
  });
  const openPostgres = () => new MLOpsBuilder({ captureRunContext: false }).usePostgres({ connectionString: server.url, schema: 'archive_test' }).useLocalFileModelRepository(path.join(middle.folder, 'mlops', 'models')).build();

  it('keeps every record and blob, as the library reads them back, through both moves', async () => {
    const archive = path.join(first.folder, 'first.tar');
    const exported = await runMlopsJson<{ records: number; blobs: number; blobBytes: number }>(['export', archive], { cwd: first.folder });
    expect(exported.blobs).toBeGreaterThanOrEqual(6);
    expect(existsSync(`${archive}.partial`)).toBe(false);

    const env = { DATABASE_URL: server.url };
    expect((await runMlops(['config', 'set', 'store', 'postgres', '--connection-string', '${DATABASE_URL}', '--schema', 'archive_test'], { cwd: middle.folder })).exitCode).toBe(0);
    const imported = await runMlopsJson(['import', archive], { cwd: middle.folder, env });
    expect(imported).toMatchObject({ records: exported.records, blobs: exported.blobs, blobBytes: exported.blobBytes });
    const original = await snapshot(() => openSeedContext(first.folder));
    expect(await snapshot(openPostgres)).toEqual(original);

    const second = path.join(middle.folder, 'second.tar');
    expect((await runMlops(['export', second], { cwd: middle.folder, env })).exitCode).toBe(0);
    const back = await runMlops(['import', second], { cwd: last.folder });
    expect(back.exitCode, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^Imported \d+ records and \d+ blobs \(.+\) from .*second\.tar\.\n$/);
    expect(await snapshot(() => openSeedContext(last.folder))).toEqual(original);
  });

  it('refuses to import an archive twice (exit status of CONFLICT), leaving the store as it was', async () => {
    const archive = path.join(first.folder, 'first.tar');
    const before = await snapshot(() => openSeedContext(last.folder));
    const again = await runMlops(['import', archive], { cwd: last.folder });
    expect(again.exitCode).toBe(exitCodes.CONFLICT);
    expect(again.stderr).toContain("already holds experiment 'iris'");
    expect(await snapshot(() => openSeedContext(last.folder))).toEqual(before);
  });
});

describe('mlops export and import: hostile input', () => {
  const project = temporaryProject();
  const empty = temporaryProject();
  afterAll(() => {
    project.remove();
    empty.remove();
  });

  it('a cut-short archive is refused before anything is written; an existing file is not overwritten without --force', async () => {
    expect((await runMlops(['experiments', 'create', 'iris'], { cwd: project.folder })).exitCode).toBe(0);
    const archive = path.join(project.folder, 'a.tar');
    expect((await runMlops(['export', archive], { cwd: project.folder })).exitCode).toBe(0);
    const overwrite = await runMlops(['export', archive], { cwd: project.folder });
    expect(overwrite.exitCode).toBe(exitCodes.CONFLICT);
    expect(overwrite.stderr).toContain('--force');
    expect((await runMlops(['export', archive, '--force'], { cwd: project.folder })).exitCode).toBe(0);

    const bytes = readFileSync(archive);
    const truncated = path.join(project.folder, 'cut.tar');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 2048));
    const result = await runMlops(['import', truncated], { cwd: empty.folder });
    expect(result.exitCode).toBe(exitCodes.INVALID_ARGUMENT);
    expect(result.stderr).toContain('cut short');
    expect((await runMlopsJson<{ experiments: unknown[] }>(['experiments', 'list'], { cwd: empty.folder })).experiments).toEqual([]);
  });

  it('a file that is not an archive, and a missing file, are refused with their exit statuses', async () => {
    const notArchive = path.join(project.folder, 'notes.txt');
    writeFileSync(notArchive, 'hello\n'.repeat(200));
    expect((await runMlops(['import', notArchive], { cwd: empty.folder })).exitCode).toBe(exitCodes.INVALID_ARGUMENT);
    expect((await runMlops(['import', 'missing.tar'], { cwd: empty.folder })).exitCode).toBe(exitCodes.NOT_FOUND);
  });
});
