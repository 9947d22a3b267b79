import type { InferenceSession, Tensor } from 'onnxruntime-node';

import type { OnnxSignature } from '../signature/read-onnx-signature.js';
import { InputEncoder, type InputEncoderOptions } from './input-encoder.js';

/** What a predictor serves: the model version, the deployment behind it and its signature. */
export interface DeployedModelInfo {
  /** The registered model's name. */
  model: string;
  /** @deprecated The registered model's name, as `model` (versions used to belong to experiments). */
  experiment: string;
  /** The deployment target's name; null for a model loaded by URI with `loadModel`. */
  target: string | null;
  /** The model version (1, 2, 3 …). */
  version: number;
  registeredModelId: string;
  modelVersionId: string;
  /** The run that produced the model. */
  runId: string;
  /** The deployment; null for a model loaded by URI. */
  deploymentId: string | null;
  /** When the model was deployed to the target, epoch milliseconds; null for a model loaded by URI. */
  deployedAt: number | null;
  deployedBy: string | null;
  /** Where the target's copy of the model lives; null for a model loaded by URI. */
  uri: string | null;
  /** When this process loaded it, epoch milliseconds. */
  loadedAt: number;
  /** The model's inputs and outputs, read from the model itself. */
  signature: OnnxSignature;
}

/**
 * One loaded session with a count of the calls running on it, so a swap can retire it
 * and release it only once those calls have finished.
 */
export class LoadedModel {
  readonly encoder: InputEncoder;
  readonly outputNames: readonly string[];
  #running = 0;
  #isRetired = false;
  #released: Promise<void> | undefined;
  #onIdle: (() => void) | undefined;

  constructor(
    readonly session: InferenceSession,
    readonly info: DeployedModelInfo,
    encoderOptions: InputEncoderOptions = {},
  ) {
    this.encoder = new InputEncoder(info.signature.inputs, encoderOptions);
    this.outputNames = info.signature.outputs.map((output) => output.name);
  }

  /** Runs the session, counting the call so a retirement waits for it. */
  run(feeds: Record<string, Tensor>): Promise<InferenceSession.ReturnType> {
    this.#running++;
    let running: Promise<InferenceSession.ReturnType>;
    try {
      running = this.session.run(feeds);
    } catch (error) {
      this.#finish();
      return Promise.reject(error as Error);
    }
    // One settled-callback pair instead of an async wrapper: this sits on every call's path.
    return running.then(
      (results) => {
        this.#finish();
        return results;
      },
      (error: unknown) => {
        this.#finish();
        throw error;
      },
    );
  }

  #finish(): void {
    this.#running--;
    if (this.#running === 0) this.#onIdle?.();
  }

  /** Stops taking calls' sessions: resolves once running calls are done and the session is released. */
  retire(): Promise<void> {
    if (!this.#isRetired) {
      this.#isRetired = true;
      this.#released = new Promise<void>((resolve) => {
        if (this.#running === 0) resolve();
        else this.#onIdle = resolve;
      }).then(() => this.session.release());
    }
    return this.#released!;
  }
}
