import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MLOpsError } from '@mlops-ts/core';
import { InferenceSession } from 'onnxruntime-node';

import type { PredictionInput } from '../predictor/input-encoder.js';
import { checkMaxElements } from '../predictor/element-budget.js';
import { LoadedModel, type DeployedModelInfo } from '../predictor/loaded-model.js';
import { decodeOutputRows, decodeOutputs, type PredictionOutput } from '../predictor/output-decoder.js';
import { readOnnxSignature, type OnnxSignature } from '../signature/read-onnx-signature.js';

/** What is known about a model file served without a store, e.g. one baked into a container image. */
export interface ModelFileDescription {
  /** The registered model's name. */
  model?: string;
  /** The registered model version (1, 2, 3 …). */
  version?: number;
  /** The run that produced the model. */
  runId?: string;
  /** The file's SHA-256 (hex) as recorded at upload; when given, the file is checked against it before loading. */
  sha256?: string;
}

/** What `GET /metadata` says about a served model file. */
export interface ModelFileInfo {
  /** The registered model's name; null when not described. */
  model: string | null;
  /** The registered model version; null when not described. */
  version: number | null;
  runId: string | null;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  /** The file's path (shown only with `exposeModelLocation`). */
  uri: string;
  /** When this process loaded it, epoch milliseconds. */
  loadedAt: number;
  signature: OnnxSignature;
}

/**
 * Predicts with one ONNX file loaded once: no store, no polling. `serve({ modelFile })` uses
 * it; the model never changes while the process runs (a new model is a new image).
 */
export class ModelFilePredictor {
  #model: LoadedModel | undefined;

  /** @internal Use `serve({ modelFile })` or {@link loadModelFile}. */
  constructor(
    model: LoadedModel,
    private readonly fileInfo: ModelFileInfo,
  ) {
    this.#model = model;
  }

  /** True until closed. */
  get isReady(): boolean {
    return this.#model !== undefined;
  }

  /** @throws MLOpsError `INVALID_ARGUMENT` for input that does not fit; `UNAVAILABLE` once closed. */
  async predict(input: PredictionInput): Promise<PredictionOutput> {
    const model = this.#serving();
    const encoded = model.encoder.encode(input);
    return decodeOutputs(await model.run(encoded.feeds), model.outputNames, encoded.isSingleRow);
  }

  /** Predicts rows, each without the batch dimension, in one session call. */
  async predictBatch(rows: readonly PredictionInput[]): Promise<PredictionOutput[]> {
    const model = this.#serving();
    const encoded = model.encoder.encodeRows(rows);
    return decodeOutputRows(await model.run(encoded.feeds), model.outputNames, encoded.rowCount);
  }

  /** The served file: registered model, version, hash, signature. */
  info(): ModelFileInfo {
    this.#serving();
    return this.fileInfo;
  }

  /** Waits for running calls, then releases the session. Safe to call twice. */
  async close(): Promise<void> {
    const model = this.#model;
    this.#model = undefined;
    await model?.retire();
  }

  #serving(): LoadedModel {
    if (this.#model) return this.#model;
    throw new MLOpsError('UNAVAILABLE', `The model file ${path.basename(this.fileInfo.uri)} is no longer served: the predictor is closed. Start a new server.`);
  }
}

/** Options of {@link loadModelFile}. */
export interface LoadModelFileOptions {
  /** What the file is (registered model, version, hash); checked against the file where possible. */
  model?: ModelFileDescription;
  /** As in `loadDeployedModel`: most tensor elements per call. Default 10,000,000. */
  maxElements?: number;
  sessionOptions?: InferenceSession.SessionOptions;
}

/**
 * Loads an ONNX file into a session once.
 * @throws MLOpsError `NOT_FOUND` when the file does not exist; `INTEGRITY` when its SHA-256
 *   differs from `model.sha256`; `INVALID_ARGUMENT` when it is not a loadable ONNX model.
 */
export async function loadModelFile(file: string, options: LoadModelFileOptions = {}): Promise<ModelFilePredictor> {
  if (typeof file !== 'string' || file.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `modelFile is ${JSON.stringify(file)}. Pass the path of an ONNX file, e.g. '/model/model.onnx'.`);
  }
  if (options.maxElements !== undefined) checkMaxElements(options.maxElements);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new MLOpsError('NOT_FOUND', `Model file ${file} cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}). Check the path.`, { cause });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const described = options.model ?? {};
  if (described.sha256 !== undefined && described.sha256.toLowerCase() !== sha256) {
    throw new MLOpsError('INTEGRITY', `Model file ${file} has SHA-256 ${sha256}, not the ${described.sha256} it was registered with. The file was altered or truncated: rebuild the image or copy the model again.`);
  }
  const signature = readOnnxSignature(bytes);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, options.sessionOptions ?? {});
  } catch (cause) {
    throw new MLOpsError('INVALID_ARGUMENT', `Model file ${file} cannot be loaded by onnxruntime (${(cause as Error).message}). Serve a valid ONNX model.`, { cause });
  }
  const info: ModelFileInfo = {
    model: described.model ?? null,
    version: described.version ?? null,
    runId: described.runId ?? null,
    sha256,
    uri: file,
    loadedAt: Date.now(),
    signature,
  };
  // LoadedModel only reads the signature from its info.
  const sessionInfo = { signature } as DeployedModelInfo;
  try {
    return new ModelFilePredictor(new LoadedModel(session, sessionInfo, { maxElements: options.maxElements }), info);
  } catch (error) {
    await session.release();
    throw error;
  }
}
