import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MLOpsError } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { uploadOnnxModel } from '../src/index.js';
import { classifierModel, multiInputModel, openTestContext, type TestContext } from './support/onnx-fixtures.js';

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

  it('makes the core model.upload record the schema of an .onnx file, once the package is imported', async () => {
    const run = await context.mlops.lifecycle.createRun('upload');
    await context.mlops.model.upload(run.id, multiInputModel(), { name: 'plain.onnx' });
    const schema = await context.mlops.lifecycle.getModelSchema(run.id);
    expect(schema.outputs.map((output) => output.name)).toEqual(['x_out', 'count_out', 'name_out']);

    const broken = await context.mlops.lifecycle.createRun('upload');
    await expect(context.mlops.model.upload(broken.id, new TextEncoder().encode('not a model'), { name: 'broken.onnx' })).rejects.toSatisfy(
      (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && /'broken.onnx' is not a valid onnx model/.test(error.message),
    );
    expect(await context.mlops.model.getRunArtifacts(broken.id)).toEqual([]);
  });

  it('refuses bytes that are not ONNX before storing anything', async () => {
    const run = await context.mlops.lifecycle.createRun('upload');
    await expect(uploadOnnxModel(context.mlops, run.id, new TextEncoder().encode('hello'))).rejects.toSatisfy((error: unknown) =>
      MLOpsError.hasCode(error, 'INVALID_ARGUMENT'),
    );
    expect(await context.mlops.model.getRunArtifacts(run.id)).toEqual([]);
    await expect(context.mlops.lifecycle.getModelSchema(run.id)).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'NOT_FOUND'));
  });
});
