import { EventEmitter } from 'node:events';
import { MLOpsError, type Deployment } from '@mlops-ts/core';
import { InferenceSession } from 'onnxruntime-node';

import { readOnnxSignature } from '../signature/read-onnx-signature.js';
import type { PredictionInput } from './input-encoder.js';
import { LoadedModel, type DeployedModelInfo } from './loaded-model.js';
import { decodeOutputRows, decodeOutputs, type PredictionOutput } from './output-decoder.js';
import type { PredictorSource, ServedModel } from './predictor-source.js';
import type { DriftChange } from '../monitoring/drift-alerts.js';
import type { DriftMonitor } from '../monitoring/drift-monitor.js';
import type { MonitorOptions } from '../monitoring/monitor-options.js';

/** How a predictor loads and follows its model; options of {@link loadModel} and part of {@link LoadDeployedModelOptions}. */
export interface PredictorOptions {
  /** How often to look for a new deployment, in milliseconds. Default 5000; 0 turns polling off (call `refresh()` yourself). */
  pollIntervalMs?: number;
  /**
   * Resolve even when nothing is deployed yet (or the deployment cannot be loaded); calls
   * then fail with `UNAVAILABLE` until a model arrives. Default false: such a load throws.
   */
  allowEmpty?: boolean;
  /** Called for every `reload` event, including the first load. */
  onReload?: (...args: PredictorEvents['reload']) => void;
  /** Called for every `reloadError` event; registered before the first load, so it also hears a broken first model under `allowEmpty`. */
  onReloadError?: (...args: PredictorEvents['reloadError']) => void;
  /**
   * The most tensor elements one `predict` or `predictBatch` call may feed, over all its
   * inputs and rows; more fail with `TooManyElementsError` (`INVALID_ARGUMENT`) before any
   * tensor is allocated. Default 10,000,000; `Infinity` for no limit.
   */
  maxElements?: number;
  /** Passed to onnxruntime-node's `InferenceSession.create` for every model loaded. */
  sessionOptions?: InferenceSession.SessionOptions;
  /**
   * Watch live inputs and predictions for drift from the served version's training data,
   * logging a report per window to a monitoring run (see the README, "Monitoring"). Default: off.
   */
  monitor?: MonitorOptions;
}

/** Options of {@link loadDeployedModel}. */
export interface LoadDeployedModelOptions extends PredictorOptions {
  /** The registered model, by name or id, e.g. 'iris-classifier'. */
  model?: string;
  /**
   * @deprecated Name the registered model with `model`. An experiment (id or name) is still
   * accepted where a registered model is named after it.
   */
  experiment?: string;
  /** The deployment target, by id or name, e.g. 'Production'. */
  target: string;
}

/** Events of a {@link DeployedModelPredictor}. */
export interface PredictorEvents {
  /** A newly deployed model now serves; `previous` is what served before, if anything. */
  reload: [info: DeployedModelInfo, previous: DeployedModelInfo | undefined];
  /**
   * A new deployment could not be loaded (the model it was swapped for keeps serving), or
   * the store could not be polled. Without a listener, the error is printed as a process warning.
   */
  reloadError: [error: MLOpsError, deployment: Deployment | undefined];
}

/** Default of {@link LoadDeployedModelOptions.pollIntervalMs}. */
export const defaultPollIntervalMs = 5_000;

/**
 * Predicts with the model deployed to a target (or named by a `models:/` URI) and follows
 * it: a newly deployed model (or the version an alias moved to) is loaded in the
 * background and swapped in atomically, calls already running finish on the old session,
 * and the old session is released after them. A model that cannot be loaded is refused
 * and reported through the `reloadError` event; the old one keeps serving.
 *
 * Create it with {@link loadDeployedModel} or {@link loadModel}.
 */
export class DeployedModelPredictor extends EventEmitter<PredictorEvents> {
  #current: LoadedModel | undefined;
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;
  /** The key (deployment or version id) of what serves now, and of the last model refused. */
  #currentKey: string | undefined;
  #refusedKey: string | undefined;
  #lastPollError: string | undefined;
  #isClosed = false;
  readonly #monitor: DriftMonitor | undefined;

  /** @internal Use {@link loadDeployedModel} or {@link loadModel}. */
  constructor(
    private readonly source: PredictorSource,
    private readonly options: Required<Pick<PredictorOptions, 'pollIntervalMs'>> & PredictorOptions,
    monitor?: DriftMonitor,
  ) {
    super();
    this.#monitor = monitor;
    if (options.onReload) this.on('reload', options.onReload);
    if (options.onReloadError) this.on('reloadError', options.onReloadError);
  }

  /** True once a model is loaded and serving. */
  get isReady(): boolean {
    return this.#current !== undefined;
  }

  /**
   * Predicts one input: a batch (every value with the batch dimension) or a single row
   * (every value without it, and the outputs without it too).
   * @throws MLOpsError `INVALID_ARGUMENT` when the input does not fit the model's inputs;
   *   `UNAVAILABLE` when no model is loaded or the predictor is closed.
   * @example
   * const { label, probabilities } = await predictor.predict({ X: [5.1, 3.5, 1.4, 0.2] });
   */
  predict(input: PredictionInput): Promise<PredictionOutput> {
    // Not an async function: one promise less per call on the hot path; errors still reject.
    try {
      const model = this.#serving();
      const encoded = model.encoder.encode(input);
      const monitor = this.#monitor;
      return model.run(encoded.feeds).then((results) => {
        monitor?.observe(model.info, encoded.feeds, results);
        return decodeOutputs(results, model.outputNames, encoded.isSingleRow);
      });
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * Predicts rows, each an input record of one row without the batch dimension, in one
   * session call; returns one output record per row.
   * @throws MLOpsError as {@link predict}, naming the row at fault.
   */
  async predictBatch(rows: readonly PredictionInput[]): Promise<PredictionOutput[]> {
    const model = this.#serving();
    const encoded = model.encoder.encodeRows(rows);
    const results = await model.run(encoded.feeds);
    this.#monitor?.observe(model.info, encoded.feeds, results);
    return decodeOutputRows(results, model.outputNames, encoded.rowCount);
  }

  /**
   * What serves now: registered model version, deployment time, signature.
   * @throws MLOpsError `UNAVAILABLE` when no model is loaded.
   */
  info(): DeployedModelInfo {
    return this.#serving().info;
  }

  /**
   * Looks for a new deployment now and, if there is one, loads and swaps it in before
   * resolving. Resolves without change when the target still serves the same model; a model
   * that cannot be loaded is reported through `reloadError` as during polling.
   */
  async refresh(): Promise<void> {
    while (this.#checking) await this.#checking.catch(() => undefined);
    if (this.#isClosed) return;
    this.#checking = this.#check(false).finally(() => (this.#checking = undefined));
    await this.#checking;
  }

  /** The drift monitor, when loaded with `monitor`: its `latestReport`, `report()` to close a window now, and events. */
  get monitor(): DriftMonitor | undefined {
    return this.#monitor;
  }

  /**
   * Calls `listener` when a column's drift verdict changes from one report to the next (not
   * on every report); returns a function that stops it.
   * @throws MLOpsError `UNSUPPORTED` when the predictor was loaded without `monitor`.
   * @example
   * predictor.onDrift((change) => console.warn(change.changes.map((c) => `${c.column}: ${c.from} → ${c.to}`).join(', ')));
   */
  onDrift(listener: (change: DriftChange) => void): () => void {
    const monitor = this.#monitor;
    if (!monitor) {
      throw new MLOpsError('UNSUPPORTED', `The predictor of ${this.source.description} does not monitor drift. Load it with { monitor: {} } to watch its inputs and predictions.`);
    }
    monitor.on('drift', listener);
    return () => void monitor.off('drift', listener);
  }

  /** Stops polling, reports the monitor's open window, waits for running calls, and releases the session. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    clearTimeout(this.#timer);
    await this.#checking?.catch(() => undefined);
    await this.#monitor?.close();
    const current = this.#current;
    this.#current = undefined;
    await current?.retire();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal First load: throws unless `allowEmpty`, then starts polling. */
  async start(): Promise<void> {
    this.#checking = this.#check(this.options.allowEmpty !== true).finally(() => (this.#checking = undefined));
    try {
      await this.#checking;
    } catch (error) {
      this.#isClosed = true;
      await this.#monitor?.close();
      throw error;
    }
    this.#schedule();
  }

  #serving(): LoadedModel {
    const current = this.#current;
    if (current !== undefined) return current;
    throw new MLOpsError(
      'UNAVAILABLE',
      this.#isClosed
        ? `The predictor of ${this.source.description} is closed. Load a new one with loadDeployedModel() or loadModel().`
        : `No model of ${this.source.description} is loaded yet. ${this.source.whenEmpty}`,
    );
  }

  #schedule(): void {
    if (this.#isClosed || this.options.pollIntervalMs <= 0) return;
    this.#timer = setTimeout(() => {
      if (this.#checking) return this.#schedule();
      this.#checking = this.#check(false)
        .catch((error: unknown) => this.#report(toMLOpsError(error, 'Reloading the deployed model failed'), undefined))
        .finally(() => {
          this.#checking = undefined;
          this.#schedule();
        });
    }, this.options.pollIntervalMs);
    // Polling alone must not keep the process alive.
    this.#timer.unref();
  }

  /** Loads the current deployment if it is new. With `shouldThrow`, failures throw instead of being reported. */
  async #check(shouldThrow: boolean): Promise<void> {
    let served: Awaited<ReturnType<PredictorSource['current']>>;
    try {
      served = await this.source.current();
      this.#lastPollError = undefined;
    } catch (error) {
      if (shouldThrow) throw error;
      // Nothing deployed (or no such model/target yet) is a normal state while waiting.
      if (MLOpsError.hasCode(error, 'NOT_FOUND') && this.#current === undefined) return;
      this.#report(toMLOpsError(error, `Polling ${this.source.description} failed`), undefined);
      return;
    }
    if (served.key === this.#currentKey || served.key === this.#refusedKey) return;
    let loaded: LoadedModel;
    try {
      loaded = await this.#load(served);
    } catch (error) {
      this.#refusedKey = served.key;
      const reported = toMLOpsError(error, `${served.deployment ? `Deployment ${served.deployment.id}` : `Version ${served.key}`} of ${this.source.description} could not be loaded`);
      if (shouldThrow) throw reported;
      this.#report(reported, served.deployment);
      return;
    }
    if (this.#isClosed) {
      await loaded.retire();
      return;
    }
    const previous = this.#current;
    this.#current = loaded;
    this.#currentKey = served.key;
    this.#refusedKey = undefined;
    this.emit('reload', loaded.info, previous?.info);
    // Calls that took the old session finish on it; it is released after them.
    await previous?.retire();
  }

  async #load(served: ServedModel): Promise<LoadedModel> {
    const { bytes, info: described } = await served.read();
    const version = `model version ${described.version} of '${described.model}'${described.target === null ? '' : ` deployed to '${described.target}'`}`;
    const signature = readOnnxSignature(bytes);
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(bytes, this.options.sessionOptions ?? {});
    } catch (cause) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `The ${version} cannot be loaded by onnxruntime (${(cause as Error).message}). Deploy a valid ONNX model; until then the previous model keeps serving.`,
        { cause },
      );
    }
    const info: DeployedModelInfo = { ...described, loadedAt: Date.now(), signature };
    try {
      return new LoadedModel(session, info, { maxElements: this.options.maxElements });
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  #report(error: MLOpsError, deployment: Deployment | undefined): void {
    if (deployment === undefined) {
      // A store that stays down would otherwise report the same failure at every poll.
      if (error.message === this.#lastPollError) return;
      this.#lastPollError = error.message;
    }
    if (this.listenerCount('reloadError') > 0) this.emit('reloadError', error, deployment);
    else process.emitWarning(error.message, { type: 'MLOpsWarning', code: error.code });
  }
}

function toMLOpsError(error: unknown, context: string): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MLOpsError('UNAVAILABLE', `${context}: ${message}. Check that the store and model repository are reachable.`, { cause: error });
}
