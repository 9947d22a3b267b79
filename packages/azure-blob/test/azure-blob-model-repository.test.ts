import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { MLOpsError, type TransferProgress } from '@mlops-ts/core';
import { digestStream, generatedStream } from '@mlops-ts/provider-tests';
import { afterEach, describe, expect, it } from 'vitest';
import { AzureBlobModelRepository } from '../src/index.js';
import { createTestRepository, uniqueContainerName } from './support/test-repository.js';

const repositories: AzureBlobModelRepository[] = [];
async function repository(options = {}): Promise<AzureBlobModelRepository> {
  const created = createTestRepository(options);
  repositories.push(created);
  await created.connect();
  return created;
}

afterEach(async () => {
  await Promise.all(repositories.splice(0).map((created) => created.containerClient.deleteIfExists()));
});

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

describe('AzureBlobModelRepository on Azurite', () => {
  it('put then get returns the same bytes, and the blob is listed under its key', async () => {
    const repo = await repository({ prefix: 'mlops/models' });
    expect(await repo.put('runs/r1/model.onnx', Readable.from([Buffer.from('hello '), Buffer.from('world')]))).toEqual({ sizeBytes: 11 });
    expect(await text(await repo.get('runs/r1/model.onnx'))).toBe('hello world');
    const [listed] = await collect(repo.list('runs/'));
    expect(listed).toMatchObject({ key: 'runs/r1/model.onnx', sizeBytes: 11 });
    expect(typeof listed?.lastModified).toBe('number');
  });

  it('an upload of several blocks streams through and reports progress', async () => {
    const repo = await repository({ blockSizeBytes: 1024 * 1024, uploadConcurrency: 2 });
    const size = 5 * 1024 * 1024 + 7;
    const source = generatedStream(size);
    const progress: TransferProgress[] = [];
    expect(await repo.put('big.bin', source.stream, { sizeBytes: size, onProgress: (p) => progress.push(p) })).toEqual({ sizeBytes: size });
    expect(progress.at(-1)).toEqual({ bytes: size, totalBytes: size });
    expect(await digestStream(await repo.get('big.bin'))).toEqual({ sha256: source.digest(), sizeBytes: size });
  });

  it('an empty body stores an empty blob', async () => {
    const repo = await repository();
    expect(await repo.put('empty.bin', Readable.from([]))).toEqual({ sizeBytes: 0 });
    expect(await text(await repo.get('empty.bin'))).toBe('');
  });

  it('copy replaces the destination server-side; a missing source is NOT_FOUND', async () => {
    const repo = await repository();
    await repo.put('runs/r1/model.onnx', Readable.from(['new']));
    await repo.put('deployments/e/Production/model.onnx', Readable.from(['old']));
    await repo.copy('runs/r1/model.onnx', 'deployments/e/Production/model.onnx');
    expect(await text(await repo.get('deployments/e/Production/model.onnx'))).toBe('new');
    const error = await repo.copy('runs/none/model.onnx', 'x').catch((e: unknown) => e);
    expect(MLOpsError.hasCode(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('runs/none/model.onnx');
  });

  it('copy of a source above maxSyncCopyBytes takes the block-copy path (Copy Blob on Azurite)', async () => {
    const repo = await repository({ maxSyncCopyBytes: 0 });
    const source = generatedStream(3 * 1024 * 1024);
    await repo.put('runs/r1/model.onnx', source.stream);
    await repo.put('deployments/e/Test/model.onnx', Readable.from(['old']));
    await repo.copy('runs/r1/model.onnx', 'deployments/e/Test/model.onnx');
    expect((await digestStream(await repo.get('deployments/e/Test/model.onnx'))).sha256).toBe(source.digest());
  });

  it('exists, idempotent delete, NOT_FOUND on get of a missing key', async () => {
    const repo = await repository();
    await repo.put('a/b.bin', Readable.from(['x']));
    expect(await repo.exists('a/b.bin')).toBe(true);
    expect(await repo.exists('a/c.bin')).toBe(false);
    await repo.delete('a/b.bin');
    await repo.delete('a/b.bin');
    expect(await repo.exists('a/b.bin')).toBe(false);
    await expect(repo.get('a/b.bin')).rejects.toMatchObject({ code: 'NOT_FOUND', providerId: 'azure-blob' });
  });

  it('list pages through many blobs and filters by prefix', async () => {
    const repo = await repository();
    await Promise.all(Array.from({ length: 25 }, (_, i) => repo.put(`runs/r${String(i).padStart(2, '0')}/m.bin`, Readable.from(['m']))));
    await repo.put('deployments/x.bin', Readable.from(['d']));
    expect(await collect(repo.list('runs/'))).toHaveLength(25);
    expect((await collect(repo.list('deployments/'))).map((o) => o.key)).toEqual(['deployments/x.bin']);
    expect(await collect(repo.list('nothing/'))).toEqual([]);
  });

  it('uri is the blob URL without any SAS token', () => {
    const container = uniqueContainerName();
    const repo = new AzureBlobModelRepository({
      connectionString: `BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;SharedAccessSignature=sv=2020-08-04&sig=secret`,
      container,
    });
    expect(repo.uri('runs/r1/model.onnx')).toBe(`http://127.0.0.1:1/devstoreaccount1/${container}/runs/r1/model.onnx`);
  });

  it('an aborted upload leaves nothing under the key', async () => {
    const repo = await repository({ blockSizeBytes: 1024 * 1024 });
    const controller = new AbortController();
    const upload = repo.put('aborted.bin', generatedStream(64 * 1024 * 1024).stream, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(await repo.exists('aborted.bin')).toBe(false);
  });

  it('a connection string that is not one is INVALID_ARGUMENT', () => {
    expect(() => new AzureBlobModelRepository({ connectionString: 'nonsense' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
