import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { ModelSchema, RegisteredModel, RunArtifact } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import type { TransferProgress } from '../spec/v1/put-options.js';
import { storeErrors } from '../store-errors.js';
import { limits, validateArtifactName, validateId, validateName, validateNewArtifactName, validateValue } from '../validation.js';
import { runArtifactKey } from './artifact-keys.js';
import { HashingStream } from './hashing-stream.js';
import { findModelSchemaReader, type ModelSchemaReader } from './model-schema-readers.js';
import { openModelSource, type ModelSource } from './model-source.js';
import { requireRun, resolveExperiment, type ExperimentRef } from './resolve.js';

export interface UploadOptions {
  /** Artifact name, a relative path. Default: the file's base name, or 'model' for bytes and streams. */
  name?: string;
  /** Called as bytes are uploaded. */
  onProgress?: (progress: TransferProgress) => void;
}

export interface DownloadOptions {
  /** Which artifact; optional when the run has exactly one. */
  name?: string;
}

/** Run artifacts (model files) and the model registry. */
export class ModelCatalog {
  constructor(
    private readonly store: MetadataStoreV1,
    private readonly repository: ModelRepositoryV1,
    private readonly schemaReaders: readonly ModelSchemaReader[] = [],
  ) {}

  /**
   * Uploads a model file for a run, streaming it (never read whole into memory) and
   * recording its size and SHA-256. Throws CONFLICT when the run already has that name.
   */
  async upload(runId: string, source: ModelSource, options: UploadOptions = {}): Promise<RunArtifact> {
    const run = await requireRun(this.store, runId);
    const opened = await openModelSource(source);
    const name = validateNewArtifactName(options.name ?? opened.defaultName);
    if ((await this.store.listRunArtifacts(run.id)).some((artifact) => artifact.name === name)) {
      opened.stream.destroy();
      throw storeErrors.artifactExists(run.id, name, this.store.providerId);
    }
    const totalBytes = opened.sizeBytes;
    const hashing = new HashingStream();
    // Errors of the source reach the repository through the hashing stream.
    pipeline(opened.stream, hashing).catch(() => undefined);
    const onProgress = options.onProgress;
    const key = runArtifactKey(run.id, name);
    await this.repository.put(key, hashing, {
      ...(totalBytes === undefined ? {} : { sizeBytes: totalBytes }),
      ...(onProgress ? { onProgress } : {}),
    });
    const artifact: RunArtifact = { id: uuidv7(), runId: run.id, name, sizeBytes: hashing.sizeBytes, sha256: hashing.digest(), createdAt: Date.now() };
    const schema = await this.readModelSchema(key, artifact);
    await this.store.createRunArtifact(artifact);
    if (schema) await this.store.saveModelSchema({ runId: run.id, ...schema });
    return artifact;
  }

  /**
   * Downloads a run's artifact to a file path or a writable stream, verifying its SHA-256.
   * A file is written to a temporary name and renamed only once verified.
   * @throws INTEGRITY when the bytes do not match the hash recorded at upload.
   */
  async download(runId: string, destination: string | Writable, options: DownloadOptions = {}): Promise<RunArtifact> {
    const artifact = await this.findArtifact(runId, options.name);
    const hashing = new HashingStream();
    const source = await this.repository.get(runArtifactKey(runId, artifact.name));
    if (typeof destination === 'string') {
      await mkdir(path.dirname(path.resolve(destination)), { recursive: true });
      const temporary = `${destination}.${uuidv7()}.part`;
      try {
        await pipeline(source, hashing, createWriteStream(temporary));
        verify(artifact, hashing);
        await rename(temporary, destination);
      } finally {
        await rm(temporary, { force: true });
      }
    } else {
      await pipeline(source, hashing, destination);
      verify(artifact, hashing);
    }
    return artifact;
  }

  /** The run's artifacts, oldest first. */
  async getRunArtifacts(runId: string): Promise<RunArtifact[]> {
    await requireRun(this.store, runId);
    return this.store.listRunArtifacts(runId);
  }

  /**
   * Registers a run's artifact as the experiment's next model version (1, 2, 3 …).
   * Concurrent registrations, across processes too, never share a version.
   */
  async registerModel(experiment: ExperimentRef, runArtifactId: string, registeredBy: string, description?: string): Promise<RegisteredModel> {
    validateId('run artifact', runArtifactId);
    validateName('registeredBy', registeredBy);
    if (description !== undefined && description !== null) validateValue('model description', description, limits.paramValue);
    const found = await resolveExperiment(this.store, experiment);
    const artifact = await this.store.getRunArtifact(runArtifactId);
    if (!artifact) throw storeErrors.artifactNotFound(runArtifactId, this.store.providerId);
    const run = await requireRun(this.store, artifact.runId);
    if (run.experimentId !== found.id) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `Artifact '${artifact.name}' belongs to a run of another experiment than '${found.name}'. Register it under the experiment of run '${run.id}'.`,
      );
    }
    return this.store.createRegisteredModel({
      id: uuidv7(),
      experimentId: found.id,
      runId: run.id,
      runArtifactId: artifact.id,
      registeredBy,
      registeredAt: Date.now(),
      description: description ?? null,
      tags: {},
    });
  }

  /** The experiment's registered models, by version. */
  async getRegisteredModels(experiment: ExperimentRef): Promise<RegisteredModel[]> {
    return this.store.listRegisteredModels((await resolveExperiment(this.store, experiment)).id);
  }

  /** The experiment's highest model version. Throws NOT_FOUND when none is registered. */
  async getLatestRegisteredModel(experiment: ExperimentRef): Promise<RegisteredModel> {
    const found = await resolveExperiment(this.store, experiment);
    const latest = (await this.store.listRegisteredModels(found.id)).at(-1);
    if (!latest) {
      throw new MLOpsError('NOT_FOUND', `Experiment '${found.name}' has no registered model. Register one with model.registerModel(experiment, runArtifactId, registeredBy).`, {
        providerId: this.store.providerId,
      });
    }
    return latest;
  }

  /**
   * Reads the signature of a model format the builder was given a reader for. A file the
   * reader refuses is removed again, so a broken model is never half-recorded.
   */
  private async readModelSchema(key: string, artifact: RunArtifact): Promise<Omit<ModelSchema, 'runId'> | undefined> {
    const reader = findModelSchemaReader(this.schemaReaders, artifact.name);
    if (!reader) return undefined;
    try {
      return await reader.read(() => this.repository.get(key), { name: artifact.name, sizeBytes: artifact.sizeBytes });
    } catch (cause) {
      await this.repository.delete(key);
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `'${artifact.name}' is not a valid ${reader.format} model (${(cause as Error)?.message ?? String(cause)}). Check the file was exported completely, or upload it under a name without the .${reader.format} extension.`,
        { cause },
      );
    }
  }

  private async findArtifact(runId: string, name: string | undefined): Promise<RunArtifact> {
    const artifacts = await this.getRunArtifacts(runId);
    if (name !== undefined) {
      const wanted = validateArtifactName(name);
      const artifact = artifacts.find((candidate) => candidate.name === wanted);
      if (!artifact) throw storeErrors.artifactNotFound(wanted, this.store.providerId);
      return artifact;
    }
    if (artifacts.length === 1) return artifacts[0]!;
    throw new MLOpsError(
      artifacts.length === 0 ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
      artifacts.length === 0
        ? `Run '${runId}' has no artifacts. Upload one with model.upload(runId, 'model.onnx').`
        : `Run '${runId}' has ${artifacts.length} artifacts (${artifacts.map((artifact) => artifact.name).join(', ')}). Pass { name } to say which one.`,
    );
  }
}

function verify(artifact: RunArtifact, hashing: HashingStream): void {
  const actual = hashing.digest();
  if (actual !== artifact.sha256 || hashing.sizeBytes !== artifact.sizeBytes) {
    throw new MLOpsError(
      'INTEGRITY',
      `Artifact '${artifact.name}' of run '${artifact.runId}' does not match what was uploaded (SHA-256 ${actual}, ${hashing.sizeBytes} bytes; expected ${artifact.sha256}, ${artifact.sizeBytes} bytes). The stored copy was changed or damaged: upload the model again.`,
    );
  }
}

