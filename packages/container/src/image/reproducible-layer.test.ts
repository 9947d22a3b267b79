import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';

import { buildReproducibleLayer, fixedModificationTime } from './reproducible-layer.js';

async function entriesOf(tar: Buffer): Promise<{ name: string; mode: number; uid: number; mtime: Date }[]> {
  const extract = tarStream.extract();
  const entries: { name: string; mode: number; uid: number; mtime: Date }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      entries.push({ name: header.name, mode: header.mode!, uid: header.uid!, mtime: header.mtime! });
      stream.on('end', next);
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(tar);
  await done;
  return entries;
}

describe('buildReproducibleLayer', () => {
  const files = [
    { path: '/model/model.onnx', content: Buffer.from('model bytes') },
    { path: '/app/server.mjs', content: Buffer.from('console.log(1)'), mode: 0o775 },
  ];

  it('gives the same digest for the same files in any order, with the diff id of the uncompressed tar', async () => {
    const one = await buildReproducibleLayer(files, 'a');
    const two = await buildReproducibleLayer([...files].reverse(), 'b');
    expect(two.digest).toBe(one.digest);
    expect(one.digest).toBe(`sha256:${createHash('sha256').update(one.gzip).digest('hex')}`);
    const tar = gunzipSync(one.gzip);
    expect(one.diffId).toBe(`sha256:${createHash('sha256').update(tar).digest('hex')}`);
    // gzip header: no file name flag, modification time zero.
    expect(one.gzip[3]).toBe(0);
    expect(one.gzip.readUInt32LE(4)).toBe(0);
  });

  it('writes sorted entries with parent folders, root ownership, one fixed time and normalised modes', async () => {
    const entries = await entriesOf(gunzipSync((await buildReproducibleLayer(files, 'a')).gzip));
    expect(entries.map((entry) => entry.name)).toEqual(['app/', 'app/server.mjs', 'model/', 'model/model.onnx']);
    expect(entries.map((entry) => entry.mode)).toEqual([0o755, 0o755, 0o755, 0o644]);
    expect(entries.every((entry) => entry.uid === 0 && entry.mtime.getTime() === fixedModificationTime.getTime())).toBe(true);
  });

  it('changes the digest when one byte of a file changes, and refuses relative or repeated paths', async () => {
    const changed = await buildReproducibleLayer([{ ...files[0]!, content: Buffer.from('model bytez') }, files[1]!], 'a');
    expect(changed.digest).not.toBe((await buildReproducibleLayer(files, 'a')).digest);
    await expect(buildReproducibleLayer([{ path: 'relative', content: Buffer.alloc(0) }], 'x')).rejects.toThrow(/absolute/);
    await expect(buildReproducibleLayer([{ path: '/a/../b', content: Buffer.alloc(0) }], 'x')).rejects.toThrow(/absolute/);
    await expect(buildReproducibleLayer([files[0]!, files[0]!], 'x')).rejects.toThrow(/twice/);
  });
});
