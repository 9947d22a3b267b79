import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { MLOpsError, type MLOpsContext, type ModelSchema, type ModelSource, type RunArtifact, type UploadOptions } from '@mlops-ts/core';

import { readOnnxSignature } from '../signature/read-onnx-signature.js';

/** What {@link uploadOnnxModel} stored: the run artifact and the model schema read from it. */
export interface UploadedOnnxModel {
  artifact: RunArtifact;
  schema: ModelSchema;
}

/**
 * Uploads an ONNX model for a run and records its inputs and outputs (names, element types,
 * shapes) as the run's model schema, so deployment and serving know them. The model is
 * read and checked before anything is stored: a file that is not ONNX is refused.
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
  const { bytes, defaultName } = await readSource(source);
  const signature = readOnnxSignature(bytes);
  const artifact = await mlops.model.upload(runId, bytes, { ...options, name: options.name ?? defaultName });
  const schema = await mlops.lifecycle.registerModelSchema(runId, signature);
  return { artifact, schema };
}

async function readSource(source: ModelSource): Promise<{ bytes: Uint8Array; defaultName: string }> {
  if (typeof source === 'string') {
    try {
      return { bytes: await readFile(source), defaultName: path.basename(source) };
    } catch (cause) {
      throw new MLOpsError('INVALID_ARGUMENT', `Model file '${source}' cannot be read (${(cause as Error).message}). Check the path, relative to ${process.cwd()}.`, { cause });
    }
  }
  if (source instanceof Uint8Array) return { bytes: source, defaultName: 'model.onnx' };
  if (source instanceof Readable || (typeof source === 'object' && source !== null && typeof (source as Readable).pipe === 'function')) {
    return { bytes: await buffer(source as Readable), defaultName: 'model.onnx' };
  }
  throw new MLOpsError('INVALID_ARGUMENT', `Model source ${typeof source} is not a file path, bytes or a readable stream. Pass one of those.`);
}
