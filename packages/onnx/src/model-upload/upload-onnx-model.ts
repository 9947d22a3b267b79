import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MLOpsError, type MLOpsContext, type ModelSchema, type ModelSource, type RunArtifact, type UploadOptions } from '@mlops-ts/core';

import type { OnnxSignature } from '../signature/onnx-signature-decoder.js';
import { readOnnxSignatureFromStream } from '../signature/read-onnx-signature-from-stream.js';
import { readOnnxSignature } from '../signature/read-onnx-signature.js';
import { checkSignatureWhileStreaming } from './signature-checking-stream.js';

/** What {@link uploadOnnxModel} stored: the run artifact and the model schema read from it. */
export interface UploadedOnnxModel {
  artifact: RunArtifact;
  schema: ModelSchema;
}

/**
 * Uploads an ONNX model for a run and records its inputs and outputs (names, element types,
 * shapes) as the run's model schema, so deployment and serving know them. The model is
 * checked before it is kept, and never held in memory whole: a file is read once to check
 * it, then streamed up; a stream is checked as it passes and its upload fails, keeping
 * nothing, if it is not ONNX. It works on any context, built with `useOnnx()` or not.
 *
 * A file keeps its base name as the artifact name; bytes and streams are named
 * 'model.onnx' unless `options.name` says otherwise.
 *
 * @throws MLOpsError `INVALID_ARGUMENT` when the source is not a readable ONNX model;
 *   `CONFLICT` when the run already has an artifact of that name; `NOT_FOUND` for an unknown run.
 * @example
 * const { artifact, schema } = await uploadOnnxModel(mlops, run.id, toOnnx(forest, { featureCount: 4 }));
 * // schema.inputs: [{ name: 'X', elementType: 'float32', shape: ['N', 4] }]
 */
export async function uploadOnnxModel(mlops: MLOpsContext, runId: string, source: ModelSource, options: UploadOptions = {}): Promise<UploadedOnnxModel> {
  let signature: OnnxSignature;
  let artifact: RunArtifact;
  if (typeof source === 'string') {
    signature = await readFileSignature(source);
    artifact = await mlops.model.upload(runId, source, options);
  } else if (source instanceof Uint8Array) {
    signature = readOnnxSignature(source);
    artifact = await mlops.model.upload(runId, source, { ...options, name: options.name ?? 'model.onnx' });
  } else if (source instanceof Readable || (typeof source === 'object' && source !== null && typeof (source as Readable).pipe === 'function')) {
    const checked = checkSignatureWhileStreaming(source as Readable);
    try {
      artifact = await mlops.model.upload(runId, checked.stream, { ...options, name: options.name ?? 'model.onnx' });
    } catch (error) {
      // A catalog that refused before reading (an unknown run, a taken name) leaves the stream open.
      checked.stream.destroy();
      // Prefer the reason the stream was stopped (not ONNX) over how the repository saw it.
      const notOnnx = await checked.signature.then(
        () => undefined,
        (signatureError: unknown) => signatureError,
      );
      throw MLOpsError.hasCode(notOnnx, 'INVALID_ARGUMENT') ? notOnnx : error;
    }
    signature = await checked.signature;
  } else {
    throw new MLOpsError('INVALID_ARGUMENT', `Model source ${typeof source} is not a file path, bytes or a readable stream. Pass one of those.`);
  }
  const schema = await mlops.lifecycle.registerModelSchema(runId, signature);
  return { artifact, schema };
}

async function readFileSignature(file: string): Promise<OnnxSignature> {
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a regular file');
  } catch (cause) {
    throw new MLOpsError('INVALID_ARGUMENT', `Model file '${file}' cannot be read (${(cause as Error).message}). Check the path, relative to ${process.cwd()}.`, { cause });
  }
  try {
    return await readOnnxSignatureFromStream(createReadStream(file));
  } catch (error) {
    if (MLOpsError.isInstance(error)) throw new MLOpsError(error.code, `Model file '${path.basename(file)}': ${error.message}`, { cause: error });
    throw error;
  }
}
