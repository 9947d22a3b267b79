import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { MLOpsBuilder, MLOpsError } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { onnxModelSchemaReader, uploadOnnxModel } from '../src/index.js';
import { classifierModel, multiInputModel, openTestContext, type TestContext } from './support/onnx-fixtures.js';

const isInvalidArgument = (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT');

describe('uploadOnnxModel', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await openTestContext();
  });
  afterAll(async () => context?.dispose());

  it('stores a file under its name and records its inputs and outputs as the run schema', async () => {
    const run = await context.mlops.lifecycle.createRun('upload');
    const file = path.join(context.directory, 'species.onnx');
    await writeFile(file, classifierModel().bytes);
    const { artifact, schema } = await uploadOnnxModel(context.mlops, run.id, file);
    expect(artifact.name).toBe('species.onnx');
    const stored = await context.mlops.lifecycle.getModelSchema(run.id);
    expect(stored).toEqual(schema);
    expect(stored.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['N', 4] }]);
    expect(stored.outputs).toEqual([
      { name: 'label', elementType: 'string', shape: ['N'] },
      { name: 'probabilities', elementType: 'float32', shape: ['N', 3] },
    ]);
  });

  it('names bytes and streams model.onnx and records every input type', async () => {
    const fromBytes = await context.mlops.lifecycle.createRun('upload');
    expect((await uploadOnnxModel(context.mlops, fromBytes.id, multiInputModel())).artifact.name).toBe('model.onnx');
    const fromStream = await context.mlops.lifecycle.createRun('upload');
    const { artifact, schema } = await uploadOnnxModel(context.mlops, fromStream.id, Readable.from([Buffer.from(multiInputModel())]), { name: 'passthrough.onnx' });
    expect(artifact.name).toBe('passthrough.onnx');
    expect(schema.inputs.map((input) => `${input.name}:${input.elementType}`)).toEqual(['x:float32', 'count:int64', 'name:string']);
  });

  it('stores a streamed model byte for byte, read in small chunks', async () => {
    const run = await context.mlops.lifecycle.createRun('upload');
    const bytes = classifierModel().bytes;
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, index) => Buffer.from(bytes.subarray(index * 7, index * 7 + 7)));
    const { artifact } = await uploadOnnxModel(context.mlops, run.id, Readable.from(chunks));
    const downloaded: Buffer[] = [];
    await context.mlops.model.download(run.id, new Writable({ write: (chunk, _encoding, done) => (downloaded.push(chunk), done()) }), { name: artifact.name });
    expect(Buffer.concat(downloaded).equals(Buffer.from(bytes))).toBe(true);
  });

  it('passes on the catalog’s CONFLICT and NOT_FOUND for a stream, and releases the stream', async () => {
    const run = await context.mlops.lifecycle.createRun('upload');
    await uploadOnnxModel(context.mlops, run.id, multiInputModel(), { name: 'taken.onnx' });
    const again = Readable.from([Buffer.from(multiInputModel())]);
    await expect(uploadOnnxModel(context.mlops, run.id, again, { name: 'taken.onnx' })).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'CONFLICT'));
    expect(again.destroyed).toBe(true);
    const orphan = Readable.from([Buffer.from(multiInputModel())]);
    await expect(uploadOnnxModel(context.mlops, '01890000-0000-7000-8000-000000000000', orphan)).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'NOT_FOUND'));
    expect(orphan.destroyed).toBe(true);
  }, 10_000);

  it('refuses bytes, files and streams that are not ONNX before keeping anything', async () => {
    const notOnnxFile = path.join(context.directory, 'notes.onnx');
    await writeFile(notOnnxFile, 'hello');
    const bytes = classifierModel().bytes;
    const sources = [
      () => new TextEncoder().encode('hello'),
      () => notOnnxFile,
      () => Readable.from([Buffer.from('definitely not a protobuf message, much longer than one chunk'), Buffer.alloc(1024)]),
      // Well-formed up to the cut: only the end of the stream shows it is incomplete.
      () => Readable.from([Buffer.from(bytes.subarray(0, bytes.length - 3))]),
    ];
    for (const source of sources) {
      const run = await context.mlops.lifecycle.createRun('upload');
      await expect(uploadOnnxModel(context.mlops, run.id, source())).rejects.toSatisfy(isInvalidArgument);
      expect(await context.mlops.model.getRunArtifacts(run.id)).toEqual([]);
      await expect(context.mlops.lifecycle.getModelSchema(run.id)).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'NOT_FOUND'));
    }
  });
});

describe('useOnnx()', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-use-onnx-'));
  });
  afterAll(async () => rm(directory, { recursive: true, force: true }));

  it('makes this context’s model.upload record the schema of an .onnx file, and refuse one that is not ONNX', async () => {
    await using mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository(path.join(directory, 'with')).useOnnx().build();
    const run = await mlops.lifecycle.createRun('upload');
    await mlops.model.upload(run.id, Readable.from([Buffer.from(multiInputModel())]), { name: 'plain.onnx' });
    const schema = await mlops.lifecycle.getModelSchema(run.id);
    expect(schema.outputs.map((output) => output.name)).toEqual(['x_out', 'count_out', 'name_out']);

    const broken = await mlops.lifecycle.createRun('upload');
    await expect(mlops.model.upload(broken.id, new TextEncoder().encode('not a model'), { name: 'broken.onnx' })).rejects.toSatisfy(
      (error: unknown) => isInvalidArgument(error) && /'broken.onnx' is not a valid onnx model/.test((error as Error).message),
    );
    expect(await mlops.model.getRunArtifacts(broken.id)).toEqual([]);
  });

  it('leaves a context built without it alone, although the package is imported', async () => {
    await using mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository(path.join(directory, 'without')).build();
    const run = await mlops.lifecycle.createRun('upload');
    await mlops.model.upload(run.id, new TextEncoder().encode('not a model'), { name: 'model.onnx' });
    expect((await mlops.model.getRunArtifacts(run.id)).map((artifact) => artifact.name)).toEqual(['model.onnx']);
    await expect(mlops.lifecycle.getModelSchema(run.id)).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'NOT_FOUND'));
  });

  it('is the exported onnxModelSchemaReader, so useModelSchemaReader(onnxModelSchemaReader) does the same', async () => {
    await using mlops = await new MLOpsBuilder()
      .useInMemoryMetadataStore()
      .useLocalFileModelRepository(path.join(directory, 'explicit'))
      .useModelSchemaReader(onnxModelSchemaReader)
      .useOnnx()
      .build();
    const run = await mlops.lifecycle.createRun('upload');
    await mlops.model.upload(run.id, multiInputModel(), { name: 'MODEL.ONNX' });
    expect((await mlops.lifecycle.getModelSchema(run.id)).inputs.map((input) => input.name)).toEqual(['x', 'count', 'name']);
  });
});
