import { Readable } from 'node:stream';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { digestWritable, expectMLOpsError, failingStream, listKeys, patternBytes, readAll, sha256, streamOf } from '../helpers.js';

/** The blob contract: put, get, copy, exists, delete, list, uri; plus API round trips. */
export const basicsSuite: ConcernSuite = (kit) => {
  kit.test('put stores a stream under a key, reports its size, and get streams the same bytes back', async () => {
    const bytes = patternBytes(300_000, 3);
    expect(await kit.repository.put('runs/r1/model.bin', streamOf(bytes), { sizeBytes: bytes.length })).toEqual({ sizeBytes: bytes.length });
    expect(sha256(await readAll(await kit.repository.get('runs/r1/model.bin')))).toBe(sha256(bytes));
  });

  kit.test('put without a known size stores a stream of many small chunks', async () => {
    const chunks = Array.from({ length: 500 }, (_, index) => Buffer.from(`chunk ${index};`));
    const { sizeBytes } = await kit.repository.put('runs/r1/chunks.txt', Readable.from(chunks));
    expect(sizeBytes).toBe(Buffer.concat(chunks).length);
    expect((await readAll(await kit.repository.get('runs/r1/chunks.txt'))).toString()).toBe(Buffer.concat(chunks).toString());
  });

  kit.test('an empty object is stored, listed with size 0 and read back empty', async () => {
    expect(await kit.repository.put('runs/r1/empty', streamOf(Buffer.alloc(0)))).toEqual({ sizeBytes: 0 });
    expect(await kit.repository.exists('runs/r1/empty')).toBe(true);
    expect((await readAll(await kit.repository.get('runs/r1/empty'))).length).toBe(0);
    const listed = [];
    for await (const object of kit.repository.list('runs/r1/')) listed.push(object);
    expect(listed.map(({ key, sizeBytes }) => ({ key, sizeBytes }))).toEqual([{ key: 'runs/r1/empty', sizeBytes: 0 }]);
  });

  kit.test('put replaces the object under an existing key', async () => {
    await kit.repository.put('deployments/iris/Test/model.bin', streamOf(Buffer.from('old')));
    await kit.repository.put('deployments/iris/Test/model.bin', streamOf(Buffer.from('new and longer')));
    expect((await readAll(await kit.repository.get('deployments/iris/Test/model.bin'))).toString()).toBe('new and longer');
  });

  kit.test('get of a missing key rejects with NOT_FOUND before streaming', async () => {
    await expectMLOpsError(kit.repository.get('runs/none/model.bin'), 'NOT_FOUND');
  });

  kit.test('exists tells whether an object is stored, and a folder-like prefix is not an object', async () => {
    await kit.repository.put('runs/r1/nested/model.bin', streamOf(Buffer.from('x')));
    expect(await kit.repository.exists('runs/r1/nested/model.bin')).toBe(true);
    expect(await kit.repository.exists('runs/r1/nested/other.onnx')).toBe(false);
    expect(await kit.repository.exists('runs/r1/nested')).toBe(false);
  });

  kit.test('delete removes an object, and deleting a missing key is not an error', async () => {
    await kit.repository.put('runs/r1/model.bin', streamOf(Buffer.from('x')));
    await kit.repository.delete('runs/r1/model.bin');
    expect(await kit.repository.exists('runs/r1/model.bin')).toBe(false);
    await expectMLOpsError(kit.repository.get('runs/r1/model.bin'), 'NOT_FOUND');
    await kit.repository.delete('runs/r1/model.bin');
    await kit.repository.delete('runs/never/written');
  });

  kit.test('list returns every object under a prefix, nested ones included, with sizes, and nothing else', async () => {
    await kit.repository.put('runs/a/model.bin', streamOf(Buffer.from('12345')));
    await kit.repository.put('runs/a/assets/vocab.txt', streamOf(Buffer.from('12')));
    await kit.repository.put('runs/ab/model.bin', streamOf(Buffer.from('1')));
    await kit.repository.put('deployments/iris/Test/model.bin', streamOf(Buffer.from('1')));
    const listed = [];
    for await (const object of kit.repository.list('runs/a/')) listed.push({ key: object.key, sizeBytes: object.sizeBytes });
    listed.sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(listed).toEqual([
      { key: 'runs/a/assets/vocab.txt', sizeBytes: 2 },
      { key: 'runs/a/model.bin', sizeBytes: 5 },
    ]);
    expect(await listKeys(kit.repository, 'runs/')).toEqual(['runs/a/assets/vocab.txt', 'runs/a/model.bin', 'runs/ab/model.bin']);
    expect(await listKeys(kit.repository, 'nothing/')).toEqual([]);
  });

  kit.test('copy duplicates an object and replaces the destination', async () => {
    await kit.repository.put('runs/r1/model.bin', streamOf(Buffer.from('version 2')));
    await kit.repository.put('deployments/iris/Test/model.bin', streamOf(Buffer.from('version 1')));
    await kit.repository.copy('runs/r1/model.bin', 'deployments/iris/Test/model.bin');
    expect((await readAll(await kit.repository.get('deployments/iris/Test/model.bin'))).toString()).toBe('version 2');
    expect((await readAll(await kit.repository.get('runs/r1/model.bin'))).toString()).toBe('version 2');
  });

  kit.test('copy of a missing source throws NOT_FOUND and leaves the destination alone', async () => {
    await kit.repository.put('deployments/iris/Test/model.bin', streamOf(Buffer.from('serving')));
    await expectMLOpsError(kit.repository.copy('runs/none/model.bin', 'deployments/iris/Test/model.bin'), 'NOT_FOUND');
    expect((await readAll(await kit.repository.get('deployments/iris/Test/model.bin'))).toString()).toBe('serving');
  });

  kit.test('uri gives a distinct URI with a scheme for each key', async () => {
    const first = kit.repository.uri('runs/r1/model.bin');
    const second = kit.repository.uri('runs/r2/model.bin');
    expect(first).toMatch(/^[a-z][a-z0-9+.-]*:/i);
    expect(second).not.toBe(first);
  });

  kit.test('keys with spaces, Unicode and many levels round-trip', async () => {
    const key = 'runs/r1/dossier modèle/日本/ü 🚀/model (final).onnx';
    await kit.repository.put(key, streamOf(Buffer.from('unicode')));
    expect(await kit.repository.exists(key)).toBe(true);
    expect((await readAll(await kit.repository.get(key))).toString()).toBe('unicode');
    expect(await listKeys(kit.repository, 'runs/r1/')).toEqual([key]);
  });

  kit.test('a put whose body fails leaves nothing under a new key and the old object under an existing key', async () => {
    await expect(kit.repository.put('runs/r1/new.onnx', failingStream(200_000))).rejects.toBeDefined();
    expect(await kit.repository.exists('runs/r1/new.onnx')).toBe(false);
    await kit.repository.put('runs/r1/old.onnx', streamOf(Buffer.from('intact')));
    await expect(kit.repository.put('runs/r1/old.onnx', failingStream(200_000))).rejects.toBeDefined();
    expect((await readAll(await kit.repository.get('runs/r1/old.onnx'))).toString()).toBe('intact');
    expect(await listKeys(kit.repository, 'runs/r1/')).toEqual(['runs/r1/old.onnx']);
  });

  kit.test(
    'an aborted put rejects and leaves nothing under the key',
    async () => {
      const controller = new AbortController();
      let sent = 0;
      const body = new Readable({
        read() {
          sent += 1;
          if (sent === 3) controller.abort(new Error('user cancelled'));
          this.push(patternBytes(64 * 1024, sent));
          if (sent >= 200) this.push(null);
        },
      });
      await expect(kit.repository.put('runs/r1/aborted.onnx', body, { signal: controller.signal })).rejects.toBeDefined();
      expect(await kit.repository.exists('runs/r1/aborted.onnx')).toBe(false);
      expect(await listKeys(kit.repository, 'runs/r1/')).toEqual([]);
    },
    { capability: 'abort' },
  );

  kit.test('upload and download through the API store under runs/{runId}/ and verify the hash', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const bytes = patternBytes(1_000_000, 5);
    const artifact = await kit.mlops.model.upload(run.id, bytes, { name: 'model.bin' });
    expect(await listKeys(kit.repository, `runs/${run.id}/`)).toEqual([`runs/${run.id}/model.bin`]);
    const { writable, result } = digestWritable();
    await kit.mlops.model.download(run.id, writable);
    expect(result()).toEqual({ sizeBytes: bytes.length, sha256: artifact.sha256 });
  });

  kit.test('an upload whose source fails records no artifact and leaves no object', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expect(kit.mlops.model.upload(run.id, failingStream(100_000), { name: 'model.bin' })).rejects.toBeDefined();
    expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([]);
    expect(await listKeys(kit.repository, `runs/${run.id}/`)).toEqual([]);
  });

  kit.test('deploying through the API copies the model inside the repository and serves it', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const artifact = await kit.mlops.model.upload(run.id, Buffer.from('deployable'), { name: 'model.bin' });
    const registered = await kit.mlops.model.registerModel('iris', artifact.id, 'ada');
    await kit.mlops.deployment.createDeploymentTarget('Production', { isProduction: true });
    const deployment = await kit.mlops.deployment.deployModel('Production', registered, 'ada');
    const deployedKeys = await listKeys(kit.repository, 'deployments/');
    expect(deployedKeys).toHaveLength(1);
    expect(deployment.uri).toBe(kit.repository.uri(deployedKeys[0]!));
    expect((await readAll(await kit.mlops.deployment.openDeployedModel('iris', 'Production'))).toString()).toBe('deployable');
    expect(await kit.repository.exists(`runs/${run.id}/model.bin`)).toBe(true);
  });
};
