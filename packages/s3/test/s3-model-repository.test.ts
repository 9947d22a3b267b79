import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { MLOpsError, type TransferProgress } from '@mlops-ts/core';
import { generatedStream } from '@mlops-ts/provider-tests';
import { afterEach, describe, expect, it } from 'vitest';
import type { S3ModelRepository } from '../src/index.js';
import { createTestRepository } from './support/test-repository.js';

const repositories: S3ModelRepository[] = [];
function repository(overrides = {}): S3ModelRepository {
  const created = createTestRepository(overrides);
  repositories.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(repositories.splice(0).map((created) => created.close()));
});

async function keys(source: AsyncIterable<{ key: string }>): Promise<string[]> {
  const found: string[] = [];
  for await (const object of source) found.push(object.key);
  return found.sort();
}

describe('S3ModelRepository on s3rver', () => {
  it('put then get returns the same bytes, and the object is listed under its key', async () => {
    const repo = repository();
    await repo.connect();
    expect(await repo.put('runs/r1/model.onnx', Readable.from([Buffer.from('hello '), Buffer.from('world')]))).toEqual({ sizeBytes: 11 });
    expect(await text(await repo.get('runs/r1/model.onnx'))).toBe('hello world');
    const [listed] = await collect(repo.list('runs/'));
    expect(listed).toMatchObject({ key: 'runs/r1/model.onnx', sizeBytes: 11 });
  });

  it('an upload larger than one part goes through multipart upload and reports progress', async () => {
    const repo = repository({ partSizeBytes: 5 * 1024 * 1024, uploadConcurrency: 2 });
    const size = 12 * 1024 * 1024 + 7;
    const progress: TransferProgress[] = [];
    const body = Readable.from((function* () {
      let left = size;
      while (left > 0) {
        const chunk = Buffer.alloc(Math.min(left, 1 << 20), left % 251);
        left -= chunk.length;
        yield chunk;
      }
    })());
    expect(await repo.put('big.bin', body, { sizeBytes: size, onProgress: (p) => progress.push(p) })).toEqual({ sizeBytes: size });
    expect(progress.at(-1)).toEqual({ bytes: size, totalBytes: size });
    let read = 0;
    for await (const chunk of await repo.get('big.bin')) read += (chunk as Buffer).length;
    expect(read).toBe(size);
  });

  it('copy replaces the destination server-side; a missing source is NOT_FOUND', async () => {
    const repo = repository();
    await repo.put('runs/r1/model.onnx', Readable.from(['new']));
    await repo.put('deployments/e/Production/model.onnx', Readable.from(['old']));
    await repo.copy('runs/r1/model.onnx', 'deployments/e/Production/model.onnx');
    expect(await text(await repo.get('deployments/e/Production/model.onnx'))).toBe('new');
    const error = await repo.copy('runs/none/model.onnx', 'x').catch((e: unknown) => e);
    expect(MLOpsError.hasCode(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('runs/none/model.onnx');
  });

  it('exists, idempotent delete, NOT_FOUND on get of a missing key', async () => {
    const repo = repository();
    await repo.put('a/b.bin', Readable.from(['x']));
    expect(await repo.exists('a/b.bin')).toBe(true);
    expect(await repo.exists('a/c.bin')).toBe(false);
    await repo.delete('a/b.bin');
    await repo.delete('a/b.bin');
    expect(await repo.exists('a/b.bin')).toBe(false);
    await expect(repo.get('a/b.bin')).rejects.toMatchObject({ code: 'NOT_FOUND', providerId: 's3' });
  });

  it('list pages through more than one page and strips the repository prefix', async () => {
    const repo = repository();
    await Promise.all(Array.from({ length: 25 }, (_, i) => repo.put(`runs/r${String(i).padStart(2, '0')}/m.bin`, Readable.from(['m']))));
    await repo.put('deployments/x.bin', Readable.from(['d']));
    expect(await keys(repo.list('runs/'))).toHaveLength(25);
    expect(await keys(repo.list('deployments/'))).toEqual(['deployments/x.bin']);
    expect(await keys(repo.list('nothing/'))).toEqual([]);
  });

  it('an aborted multipart upload keeps the previous object and leaves nothing new', async () => {
    const repo = repository();
    await repo.put('model.bin', Readable.from(['old']));
    const controller = new AbortController();
    const upload = repo.put('model.bin', generatedStream(64 * 1024 * 1024).stream, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(await text(await repo.get('model.bin'))).toBe('old');
  });

  it('a body that fails after several parts stores nothing under the key', async () => {
    const repo = repository();
    async function* failing() {
      for (let index = 0; index < 12; index++) yield Buffer.alloc(1024 * 1024, index);
      throw new Error('source broke');
    }
    await expect(repo.put('broken.bin', Readable.from(failing()))).rejects.toThrow();
    expect(await repo.exists('broken.bin')).toBe(false);
  });

  it('accepts Uint8Array and string chunks, and a body ending exactly on a part boundary', async () => {
    const repo = repository();
    const part = 5 * 1024 * 1024;
    const chunks = [new Uint8Array(part - 3).fill(7), 'abc', new Uint8Array(part).fill(9)];
    expect(await repo.put('exact.bin', Readable.from(chunks))).toEqual({ sizeBytes: 2 * part });
    const bytes = Buffer.concat(await (await repo.get('exact.bin')).toArray());
    expect(bytes.length).toBe(2 * part);
    expect(bytes.subarray(part - 3, part).toString()).toBe('abc');
    expect(bytes[2 * part - 1]).toBe(9);
  });

  it('uri is s3://bucket/prefix/key', () => {
    const repo = repository({ prefix: '/mlops/models/' });
    expect(repo.uri('runs/r1/model.onnx')).toBe('s3://models/mlops/models/runs/r1/model.onnx');
  });
});

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}
