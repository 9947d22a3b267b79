import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MLOpsError, type MLOpsContext } from '@mlops-ts/core';
import { InferenceSession } from 'onnxruntime-node';

import { DriftMonitor } from '../monitoring/drift-monitor.js';
import type { MonitorOptions } from '../monitoring/monitor-options.js';
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
  /** The registered model version's id; with `model`, `version` and `runId`, what drift monitoring needs. */
  modelVersionId?: string;
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
  readonly #monitor: DriftMonitor | undefined;

  /** @internal Use `serve({ modelFile })` or {@link loadModelFile}. */
  constructor(
    model: LoadedModel,
    private readonly fileInfo: ModelFileInfo,
    monitor?: DriftMonitor,
  ) {
    this.#model = model;
    this.#monitor = monitor;
  }

  /** The drift monitor, when loaded with `monitor` and `mlops`. */
  get monitor(): DriftMonitor | undefined {
    return this.#monitor;
  }

  /** True until closed. */
  get isReady(): boolean {
    return this.#model !== undefined;
  }

  /** @throws MLOpsError `INVALID_ARGUMENT` for input that does not fit; `UNAVAILABLE` once closed. */
  async predict(input: PredictionInput): Promise<PredictionOutput> {
    const model = this.#serving();
    const encoded = model.encoder.encode(input);
    const results = await model.run(encoded.feeds);
    this.#monitor?.observe(model.info, encoded.feeds, results);
    return decodeOutputs(results, model.outputNames, encoded.isSingleRow);
  }

  /** Predicts rows, each without the batch dimension, in one session call. */
  async predictBatch(rows: readonly PredictionInput[]): Promise<PredictionOutput[]> {
    const model = this.#serving();
    const encoded = model.encoder.encodeRows(rows);
    const results = await model.run(encoded.feeds);
    this.#monitor?.observe(model.info, encoded.feeds, results);
    return decodeOutputRows(results, model.outputNames, encoded.rowCount);
  }

  /** The served file: registered model, version, hash, signature. */
  info(): ModelFileInfo {
    this.#serving();
    return this.fileInfo;
  }

  /** Reports the monitor's open window, waits for running calls, then releases the session. Safe to call twice. */
  async close(): Promise<void> {
    await this.#monitor?.close();
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
  /**
   * Watch inputs and predictions for drift against the training data of the version's run,
   * as `loadDeployedModel`'s `monitor`; needs `mlops` and `model` with `model`, `version`,
   * `runId` and `modelVersionId`. Default: off.
   */
  monitor?: MonitorOptions;
  /** The context monitoring reads training data from and logs drift reports to (e.g. a tracking server's); used for nothing else. */
  mlops?: MLOpsContext;
}

/** The served version as the drift monitor knows it. @throws MLOpsError `INVALID_ARGUMENT` when the description lacks what monitoring needs. */
function monitoredVersionInfo(described: ModelFileDescription, signature: OnnxSignature, loadedAt: number): DeployedModelInfo {
  const { model, version, runId, modelVersionId } = described;
  if (typeof model !== 'string' || typeof version !== 'number' || typeof runId !== 'string' || typeof modelVersionId !== 'string') {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `Monitoring a model file needs the registered model version it is: model.model, model.version, model.runId and model.modelVersionId (given ${JSON.stringify(described)}). Pass all four, or leave out monitor.`,
    );
  }
  return { model, experiment: model, target: null, version, registeredModelId: '', modelVersionId, runId, deploymentId: null, deployedAt: null, deployedBy: null, uri: null, loadedAt, signature };
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
  if (options.monitor !== undefined && options.mlops === undefined) {
    throw new MLOpsError('INVALID_ARGUMENT', `monitor is given without mlops: drift reports need a context to read training data from and log to. Pass mlops (e.g. await loadContext() with MLOPS_TRACKING_URI set), or leave out monitor.`);
  }
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
  let monitor: DriftMonitor | undefined;
  try {
    // LoadedModel only reads the signature from its info; the monitor reads the version too.
    const sessionInfo = options.monitor === undefined ? ({ signature } as DeployedModelInfo) : monitoredVersionInfo(described, signature, info.loadedAt);
    if (options.monitor !== undefined) monitor = new DriftMonitor(options.mlops!, options.monitor);
    return new ModelFilePredictor(new LoadedModel(session, sessionInfo, { maxElements: options.maxElements }), info, monitor);
  } catch (error) {
    await monitor?.close();
    await session.release();
    throw error;
  }
}
