import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import { exportStore, importStore, verifyArchive } from '../src/archive/index.js';
import { readEverything, seedEveryRecordKind } from './support/archive-fixture.js';

const folder = mkdtempSync(path.join(os.tmpdir(), 'mlops-archive-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let contexts = 0;

/** A fresh in-memory store with a local-file repository of its own. */
function openContext(): Promise<MLOpsContext> {
  contexts += 1;
  return new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useLocalFileModelRepository(path.join(folder, `models-${contexts}`)).build();
}

describe('exportStore and importStore', async () => {
  const source = await openContext();
  await seedEveryRecordKind(source);
  const archive = path.join(folder, 'store.tar');
  const exported = await exportStore(source, createWriteStream(archive));

  it('bring every record and blob into another store as the API reads them back, with ids, numbers and history kept', async () => {
    const target = await openContext();
    const imported = await importStore(target, createReadStream(archive));
    expect(imported).toEqual(exported);
    expect(await readEverything(target)).toEqual(await readEverything(source));
    // The registered model's counter came along: the next version is 5 on both sides, never 3 again.
    const run = (await source.lifecycle.getRuns('iris')).find((candidate) => candidate.name === 'trial-1')!;
    const artifact = (await source.model.getRunArtifacts(run.id))[0]!;
    for (const mlops of [source, target]) expect((await mlops.model.registerModel('iris', artifact.id, 'ada', { model: 'iris-classifier' })).version).toBe(5);
  });

  it('refuses a second import of the same archive, writing nothing', async () => {
    const target = await openContext();
    await importStore(target, createReadStream(archive));
    const before = await readEverything(target);
    await expect(importStore(target, createReadStream(archive))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining("experiment 'iris'") });
    expect(await readEverything(target)).toEqual(before);
  });

  it('refuses a store that holds an experiment of the same name under another id, writing nothing', async () => {
    const target = await openContext();
    await target.lifecycle.createExperiment('iris');
    await expect(importStore(target, createReadStream(archive))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await target.lifecycle.getExperiments()).map((experiment) => experiment.name)).toEqual(['iris']);
    expect(await target.metadataStore.listRegisteredModels()).toEqual([]);
  });

  it('finds a cut-short archive damaged before an import writes anything', async () => {
    const bytes = readFileSync(archive);
    for (const length of [100, Math.floor(bytes.length / 2), bytes.length - 2048]) {
      const truncated = path.join(folder, `truncated-${length}.tar`);
      writeFileSync(truncated, bytes.subarray(0, length));
      await expect(verifyArchive(createReadStream(truncated))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('cut short') });
    }
  });

  it('refuses an archive of another format version with UNSUPPORTED, and a file that is not an archive', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'mlops-archive.json' }, JSON.stringify({ format: 'mlops-ts-archive', formatVersion: 99, experiments: [], registeredModels: [], deploymentTargets: [] }));
    pack.finalize();
    const target = await openContext();
    await expect(importStore(target, pack as unknown as Readable)).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('format version 99') });
    await expect(importStore(target, Readable.from([Buffer.from('{"not":"a tar"}\n'.repeat(100))]))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('writes blobs as a stream: the archive holds the blobs once, beside small record parts', () => {
    expect(exported.blobs).toBeGreaterThanOrEqual(6);
    expect(statSync(archive).size).toBeGreaterThan(exported.blobBytes);
  });
});
