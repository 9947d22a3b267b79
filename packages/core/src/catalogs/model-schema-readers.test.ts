import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MLOpsBuilder } from '../builder.js';
import type { MLOpsContext } from '../context.js';
import type { ModelSchemaReader } from './model-schema-readers.js';

// A format whose files are JSON holding their own signature, standing in for ONNX.
const signatureReader: ModelSchemaReader = {
  format: 'sig',
  canRead: (name) => name.endsWith('.sig'),
  read: async (open) => JSON.parse(await text(await open())),
};

const signature = { inputs: [{ name: 'X', elementType: 'float32', shape: ['N', 4] }], outputs: [{ name: 'label', elementType: 'int64', shape: ['N'] }] };

describe('model schema readers', () => {
  let rootDir: string;
  let mlops: MLOpsContext;
  beforeEach(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-schema-reader-'));
    mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository({ rootDir }).useModelSchemaReader(signatureReader).build();
  });
  afterEach(async () => {
    await mlops.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('record the signature of an uploaded model as the run schema', async () => {
    const run = await mlops.lifecycle.createRun('schema');
    await mlops.model.upload(run.id, Buffer.from(JSON.stringify(signature)), { name: 'model.sig' });
    expect(await mlops.lifecycle.getModelSchema(run.id)).toEqual({ runId: run.id, ...signature });
  });

  it('refuse a file the reader cannot read, keeping neither the file nor its metadata', async () => {
    const run = await mlops.lifecycle.createRun('schema');
    await expect(mlops.model.upload(run.id, Buffer.from('not json'), { name: 'broken.sig' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/'broken\.sig' is not a valid sig model/),
    });
    expect(await mlops.model.getRunArtifacts(run.id)).toEqual([]);
    expect(await mlops.modelRepository.exists(`runs/${run.id}/broken.sig`)).toBe(false);
  });

  it('leave other files alone', async () => {
    const run = await mlops.lifecycle.createRun('schema');
    await mlops.model.upload(run.id, Buffer.from('weights'), { name: 'model.bin' });
    await expect(mlops.lifecycle.getModelSchema(run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('apply only to the context whose builder was given them, not to another context in the process', async () => {
    await using plain = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository({ rootDir: path.join(rootDir, 'plain') }).build();
    const run = await plain.lifecycle.createRun('schema');
    await plain.model.upload(run.id, Buffer.from('not json'), { name: 'model.sig' });
    await expect(plain.lifecycle.getModelSchema(run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('use the reader added last for the same files, and keep one copy of a reader added twice', async () => {
    const calls: string[] = [];
    const counting = (format: string): ModelSchemaReader => ({
      format,
      canRead: (name) => name.endsWith('.sig'),
      read: async (open) => {
        calls.push(format);
        return JSON.parse(await text(await open()));
      },
    });
    const first = counting('first');
    const second = counting('second');
    await using context = await new MLOpsBuilder()
      .useInMemoryMetadataStore()
      .useLocalFileModelRepository({ rootDir: path.join(rootDir, 'order') })
      .useModelSchemaReader(first)
      .useModelSchemaReader(second)
      .useModelSchemaReader(second)
      .build();
    const run = await context.lifecycle.createRun('schema');
    await context.model.upload(run.id, Buffer.from(JSON.stringify(signature)), { name: 'model.sig' });
    expect(calls).toEqual(['second']);
  });

  it('refuse something that is not a reader with INVALID_ARGUMENT', () => {
    for (const notAReader of [undefined, { format: 'x' }, { format: 'x', canRead: () => true }]) {
      expect(() => new MLOpsBuilder().useModelSchemaReader(notAReader as unknown as ModelSchemaReader)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/lacks format, canRead or read/) }),
      );
    }
  });
});
