import fs from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { digestWritable, expectMLOpsError, patternBytes, sha256, streamOf } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

/** Run artifacts: upload from a path, buffer or stream; download with hash checks; metadata. */
export const artifactsSuite: ConcernSuite = (kit) => {
  kit.test('upload of a buffer records name, size and SHA-256, and download returns the same bytes', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const bytes = patternBytes(100_000, 1);
    const artifact = await kit.mlops.model.upload(run.id, bytes, { name: 'model.bin' });
    expect(artifact).toMatchObject({ runId: run.id, name: 'model.bin', sizeBytes: bytes.length, sha256: sha256(bytes) });
    expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([artifact]);
    const destination = path.join(kit.tempDir, 'downloaded.onnx');
    expect(await kit.mlops.model.download(run.id, destination)).toEqual(artifact);
    expect(sha256(await fs.readFile(destination))).toBe(sha256(bytes));
  });

  kit.test('upload of a file path names the artifact after the file', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const source = path.join(kit.tempDir, 'classifier.onnx');
    await fs.writeFile(source, 'onnx bytes');
    const artifact = await kit.mlops.model.upload(run.id, source);
    expect(artifact).toMatchObject({ name: 'classifier.onnx', sizeBytes: 10, sha256: sha256(Buffer.from('onnx bytes')) });
  });

  kit.test('upload of a stream or Uint8Array without a name is called "model"', async () => {
    const streamed = await kit.mlops.lifecycle.createRun('iris');
    expect((await kit.mlops.model.upload(streamed.id, streamOf(Buffer.from('abc')))).name).toBe('model');
    const typed = await kit.mlops.lifecycle.createRun('iris');
    const artifact = await kit.mlops.model.upload(typed.id, new Uint8Array([1, 2, 3]));
    expect(artifact).toMatchObject({ name: 'model', sizeBytes: 3 });
  });

  kit.test('an empty artifact round-trips with size 0', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const artifact = await kit.mlops.model.upload(run.id, Buffer.alloc(0), { name: 'empty.bin' });
    expect(artifact).toMatchObject({ sizeBytes: 0, sha256: sha256(Buffer.alloc(0)) });
    const { writable, result } = digestWritable();
    await kit.mlops.model.download(run.id, writable, { name: 'empty.bin' });
    expect(result()).toEqual({ sizeBytes: 0, sha256: artifact.sha256 });
  });

  kit.test('a run keeps several artifacts, nested names included, listed oldest first; download picks one by name', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const model = await kit.mlops.model.upload(run.id, Buffer.from('model'), { name: 'model.bin' });
    const vocab = await kit.mlops.model.upload(run.id, Buffer.from('vocabulary'), { name: 'assets/tokenizer/vocab.txt' });
    expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([model, vocab]);
    const { writable, result } = digestWritable();
    expect(await kit.mlops.model.download(run.id, writable, { name: 'assets/tokenizer/vocab.txt' })).toEqual(vocab);
    expect(result().sha256).toBe(sha256(Buffer.from('vocabulary')));
  });

  kit.test('uploading a second artifact with the same name throws CONFLICT and keeps the first', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const first = await kit.mlops.model.upload(run.id, Buffer.from('first'), { name: 'model.bin' });
    await expectMLOpsError(kit.mlops.model.upload(run.id, Buffer.from('second'), { name: 'model.bin' }), 'CONFLICT');
    expect(await kit.mlops.model.getRunArtifacts(run.id)).toEqual([first]);
    const { writable, result } = digestWritable();
    await kit.mlops.model.download(run.id, writable);
    expect(result().sha256).toBe(sha256(Buffer.from('first')));
  });

  kit.test('download of an unknown artifact name throws NOT_FOUND', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.model.upload(run.id, Buffer.from('model'), { name: 'model.bin' });
    await expectMLOpsError(kit.mlops.model.download(run.id, path.join(kit.tempDir, 'x'), { name: 'other.onnx' }), 'NOT_FOUND');
  });

  kit.test('download of a run without artifacts throws NOT_FOUND', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.model.download(run.id, path.join(kit.tempDir, 'x')), 'NOT_FOUND');
  });

  kit.test('download throws INTEGRITY when the stored bytes no longer match the recorded hash', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.model.upload(run.id, Buffer.from('original model'), { name: 'model.bin' });
    await kit.repository.put(`runs/${run.id}/model.bin`, streamOf(Buffer.from('tampered model')));
    const { writable } = digestWritable();
    await expectMLOpsError(kit.mlops.model.download(run.id, writable), 'INTEGRITY');
  });

  kit.test('upload reports progress up to the full size', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const bytes = patternBytes(4 * 1024 * 1024, 2);
    const seen: number[] = [];
    await kit.mlops.model.upload(run.id, streamOf(bytes), { name: 'big.bin', onProgress: (progress) => seen.push(progress.bytes) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(bytes.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  kit.test('the artifact is stored in the repository under runs/{runId}/{name}', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.model.upload(run.id, Buffer.from('model'), { name: 'nested/model.bin' });
    expect(await kit.repository.exists(`runs/${run.id}/nested/model.bin`)).toBe(true);
  });

  kit.test('artifact calls on an unknown run throw NOT_FOUND and write nothing', async () => {
    await expectMLOpsError(kit.mlops.model.upload(unknownRunId, Buffer.from('x'), { name: 'model.bin' }), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.model.getRunArtifacts(unknownRunId), 'NOT_FOUND');
    expect(await kit.repository.exists(`runs/${unknownRunId}/model.bin`)).toBe(false);
  });

  kit.test('the store refuses a second artifact record with the same name with CONFLICT and returns null for an unknown id', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const artifact = await kit.mlops.model.upload(run.id, Buffer.from('model'), { name: 'model.bin' });
    await expectMLOpsError(kit.store.createRunArtifact({ ...artifact, id: '01900000-0000-7000-8000-0000000000aa' }), 'CONFLICT');
    expect(await kit.store.getRunArtifact(artifact.id)).toEqual(artifact);
    expect(await kit.store.getRunArtifact('01900000-0000-7000-8000-0000000000aa')).toBeNull();
  });
};
