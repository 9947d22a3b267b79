import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder, MLOpsError } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { serve } from '../src/index.js';
import { classifierModel, unloadableModel } from './support/onnx-fixtures.js';

const post = (url: string, body: unknown): Promise<Response> =>
  fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('serve({ modelFile }): a model file with no store behind it', () => {
  let directory: string;
  let file: string;
  const classifier = classifierModel();
  const sha256 = createHash('sha256').update(classifier.bytes).digest('hex');

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'mlops-onnx-file-'));
    file = path.join(directory, 'model.onnx');
    await writeFile(file, classifier.bytes);
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('answers /predict, /health and /metadata with the registered model, version and hash it was given', async () => {
    const server = await serve({ modelFile: file, model: { model: 'iris-classifier', version: 3, runId: 'run-1', sha256 }, port: 0 });
    try {
      const single = await post(server.url, { X: classifier.rows[0] });
      expect(single.status).toBe(200);
      expect(single.headers.get('x-model-version')).toBe('3');
      expect(await single.json()).toEqual(await server.predictor.predict({ X: classifier.rows[0]! }));
      const batch = await post(server.url, { instances: classifier.rows.slice(0, 3).map((row) => ({ X: row })) });
      expect(((await batch.json()) as { predictions: unknown[] }).predictions).toHaveLength(3);
      expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok', version: 3 });
      const metadata = (await (await fetch(`${server.url}/metadata`)).json()) as { uri?: string; signature: { inputs: { name: string }[] } };
      expect(metadata).toMatchObject({ model: 'iris-classifier', version: 3, runId: 'run-1', sha256 });
      expect(metadata.uri).toBeUndefined();
      expect(metadata.signature.inputs[0]?.name).toBe('X');
    } finally {
      await server.close();
    }
    expect(server.predictor.isReady).toBe(false);
  });

  it('serves a file without a description, leaving model and version null', async () => {
    const server = await serve({ modelFile: file, port: 0 });
    try {
      expect(await (await fetch(`${server.url}/metadata`)).json()).toMatchObject({ model: null, version: null, sha256 });
      expect((await post(server.url, { X: classifier.rows[1] })).headers.get('x-model-version')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('refuses a file whose SHA-256 is not the registered one (INTEGRITY) and a missing file (NOT_FOUND)', async () => {
    const wrong = await serve({ modelFile: file, model: { sha256: '0'.repeat(64) }, port: 0 }).catch((error: unknown) => error);
    expect(MLOpsError.hasCode(wrong, 'INTEGRITY')).toBe(true);
    expect((wrong as Error).message).toContain(sha256);
    const missing = await serve({ modelFile: path.join(directory, 'absent.onnx'), port: 0 }).catch((error: unknown) => error);
    expect(MLOpsError.hasCode(missing, 'NOT_FOUND')).toBe(true);
  });

  it('refuses a file onnxruntime cannot load (INVALID_ARGUMENT) and bad server options as the store form does', async () => {
    const broken = path.join(directory, 'broken.onnx');
    await writeFile(broken, unloadableModel());
    await expect(serve({ modelFile: broken, port: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(serve({ modelFile: file, port: 70_000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses monitor without mlops, and monitoring a file not described as a registered version (INVALID_ARGUMENT)', async () => {
    await expect(serve({ modelFile: file, model: { model: 'iris-classifier', version: 3 }, monitor: {}, port: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('without mlops'),
    });
    const mlops = await new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useLocalFileModelRepository(path.join(directory, 'models')).build();
    try {
      await expect(serve({ modelFile: file, model: { model: 'iris-classifier', version: 3, runId: 'run-1' }, monitor: {}, mlops, port: 0 })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('model.modelVersionId'),
      });
    } finally {
      await mlops.close();
    }
  });
});
