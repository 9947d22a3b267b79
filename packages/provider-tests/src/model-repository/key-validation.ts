import { Writable } from 'node:stream';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError, listKeys, streamOf } from '../helpers.js';

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

/** Artifact names are validated by the core before any key reaches the repository. */
export const keyValidationSuite: ConcernSuite = (kit) => {
  for (const [description, name] of unsafeNames) {
    kit.test(`upload refuses an artifact name with ${description} (INVALID_ARGUMENT) and writes nothing`, async () => {
      const run = await kit.mlops.lifecycle.createRun('iris');
      await expectMLOpsError(kit.mlops.model.upload(run.id, Buffer.from('payload'), { name }), 'INVALID_ARGUMENT');
      expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([]);
      expect(await listKeys(kit.repository, '')).toEqual([]);
    });
  }

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
    expect(await listKeys(kit.repository, '')).toEqual([]);
  });
};
