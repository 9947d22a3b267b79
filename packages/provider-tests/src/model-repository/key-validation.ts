import { Writable } from 'node:stream';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { limits } from '@mlops-ts/core';
import { expectMLOpsError, listKeys, listModelKeys, readAll, streamOf } from '../helpers.js';

const unsafeNames: [string, string][] = [
  ['a parent segment', '../escape.onnx'],
  ['a parent segment inside the path', 'models/../../escape.onnx'],
  ['a bare parent', '..'],
  ['an absolute POSIX path', '/etc/passwd'],
  ['an absolute Windows path', 'C:\\models\\model.bin'],
  ['a backslash', 'models\\model.bin'],
  ['a NUL byte', 'model\0.onnx'],
  ['an empty name', ''],
];

const longNames: [string, string, number][] = [
  ['a file name one byte over the limit', 'a'.repeat(limits.artifactNameSegmentBytes + 1), limits.artifactNameSegmentBytes],
  ['a file name over the limit in bytes but not in characters', 'é'.repeat(limits.artifactNameSegmentBytes / 2 + 1), limits.artifactNameSegmentBytes],
  ['a file name of 230 bytes', `onnx/${'a'.repeat(230)}`, limits.artifactNameSegmentBytes],
  ['a folder name of 255 bytes', `${'a'.repeat(255)}/model.bin`, limits.artifactNameSegmentBytes],
  ['a whole name over the limit', Array.from({ length: 5 }, () => 'a'.repeat(180)).join('/'), limits.artifactNameBytes],
];

/** Artifact names are validated by the core before any key reaches the repository. */
export const keyValidationSuite: ConcernSuite = (kit) => {
  for (const [description, name] of unsafeNames) {
    kit.test(`upload refuses an artifact name with ${description} (INVALID_ARGUMENT) and writes nothing`, async () => {
      const run = await kit.mlops.lifecycle.createRun('iris');
      await expectMLOpsError(kit.mlops.model.upload(run.id, Buffer.from('payload'), { name }), 'INVALID_ARGUMENT');
      expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([]);
      expect(await listModelKeys(kit.repository)).toEqual([]);
    });
  }

  for (const [description, name, limit] of longNames) {
    kit.test(`upload refuses ${description} with INVALID_ARGUMENT naming the limit (${limit} bytes), and writes nothing`, async () => {
      const run = await kit.mlops.lifecycle.createRun('iris');
      await expectMLOpsError(kit.mlops.model.upload(run.id, Buffer.from('payload'), { name }), 'INVALID_ARGUMENT', { mentions: [`${limit} bytes`] });
      expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([]);
      expect(await listModelKeys(kit.repository)).toEqual([]);
    });
  }

  kit.test('names exactly at the byte limits upload, list and download on every repository', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    // 200 + 200 + 200 + 198 + 98 bytes and four slashes: 900 bytes in all.
    const name = ['a'.repeat(200), 'é'.repeat(100), 'b'.repeat(200), '模'.repeat(66), 'c'.repeat(98)].join('/');
    expect(Buffer.byteLength(name)).toBe(limits.artifactNameBytes);
    const artifact = await kit.mlops.model.upload(run.id, Buffer.from('long name'), { name });
    expect(artifact.name).toBe(name);
    expect(await listModelKeys(kit.repository)).toEqual([`runs/${run.id}/${name}`]);
    expect((await readAll(await kit.repository.get(`runs/${run.id}/${name}`))).toString()).toBe('long name');
  });

  kit.test('download refuses an unsafe artifact name with INVALID_ARGUMENT', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.model.upload(run.id, Buffer.from('payload'), { name: 'model.bin' });
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    await expectMLOpsError(kit.mlops.model.download(run.id, sink, { name: '../model.bin' }), 'INVALID_ARGUMENT');
  });

  kit.test('nested relative names and names with dots inside segments are accepted', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    for (const name of ['onnx/model.bin', 'v1.2/model..final.onnx', '.hidden/config.json']) {
      await kit.mlops.model.upload(run.id, Buffer.from(name), { name });
    }
    expect((await kit.mlops.model.getRunArtifacts(run.id)).map((artifact) => artifact.name)).toEqual([
      'onnx/model.bin',
      'v1.2/model..final.onnx',
      '.hidden/config.json',
    ]);
    expect(await listKeys(kit.repository, `runs/${run.id}/`)).toEqual(
      ['onnx/model.bin', 'v1.2/model..final.onnx', '.hidden/config.json'].map((name) => `runs/${run.id}/${name}`).sort(),
    );
  });

  kit.test('an unsafe name stays refused even when a stream is the source', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.model.upload(run.id, streamOf(Buffer.from('payload')), { name: '../../outside' }), 'INVALID_ARGUMENT');
    expect(await listModelKeys(kit.repository)).toEqual([]);
  });
};
