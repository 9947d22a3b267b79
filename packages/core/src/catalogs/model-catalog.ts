import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { ModelSchema, ModelVersion, Run, RunArtifact, Tags } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import type { TransferProgress } from '../spec/v1/put-options.js';
import { storeErrors } from '../store-errors.js';
import { isModelUri } from '../registry/model-uri.js';
import { registeredModelNameOfExperiment, validateRegisteredModelName } from '../registry/registry-names.js';
import { describe, validateArtifactName, validateName, validateNewArtifactName, validateTags } from '../validation.js';
import { runArtifactKey } from './artifact-keys.js';
import { HashingStream } from './hashing-stream.js';
import { findModelSchemaReader, type ModelSchemaReader } from './model-schema-readers.js';
import { openModelSource, type ModelSource } from './model-source.js';
import { checkDescription } from './model-registry-catalog.js';
import { resolveModelVersion, type ModelVersionRef } from './model-registry-resolve.js';
import { modelVersionFiles } from './model-version-files.js';
import { ModelVersionCatalog } from './model-version-catalog.js';
import { trainingDataTagsOf } from '../drift/training-data-tags.js';
import { requireRun, resolveExperiment, type ExperimentRef } from './resolve.js';

export interface UploadOptions {
  /** Artifact name, a relative path. Default: the file's base name, or 'model' for bytes and streams. */
  name?: string;
  /** Called as bytes are uploaded. */
  onProgress?: (progress: TransferProgress) => void;
}

export interface DownloadOptions {
  /** Which artifact of a run; optional when the run has exactly one. Not used with a model version. */
  name?: string;
}

/**
 * What `registerModel` registers: a run artifact (or its id), or `{ runId, path }` naming
 * one artifact of the run by name, or a folder of its artifacts by a prefix ending in '/'
 * (e.g. `{ runId, path: 'model/' }`, as MLflow's `runs:/<id>/model`).
 */
export type RegistrableArtifact = string | RunArtifact | { runId: string; path: string };

/** Options of `registerModel`. */
export interface RegisterModelOptions {
  /**
   * The registered model to add the version to, created on first use. Default: the one
   * named after the experiment ('/' and '@' in its name become '_').
   */
  model?: string;
  /** The version's description. */
  description?: string;
  /** The version's tags. */
  tags?: Tags;
  /**
   * The data set of the run the model was trained on, for drift monitoring (stored as the
   * tag `mlops.data_set`). Default for monitors: the run's data set named 'train'.
   */
  dataSet?: string;
  /**
   * The data set's columns the model's input values hold, in input order (tag
   * `mlops.features`), so a monitor can compare live inputs with them.
   */
  features?: string[];
  /** The data set's column the model predicts (tag `mlops.label`), compared with its predictions. */
  label?: string;
}

/** Run artifacts (model files) and the model registry (registered models, versions, aliases, search). */
export class ModelCatalog extends ModelVersionCatalog {
  constructor(
    store: MetadataStoreV1,
    private readonly repository: ModelRepositoryV1,
    private readonly schemaReaders: readonly ModelSchemaReader[] = [],
  ) {
    super(store);
  }

  /**
   * Uploads a model file for a run, streaming it (never read whole into memory) and
   * recording its size and SHA-256. Throws CONFLICT when the run already has that name.
   */
  async upload(runId: string, source: ModelSource, options: UploadOptions = {}): Promise<RunArtifact> {
    const run = await requireRun(this.store, runId);
    // Before any byte is written: a deleted run's blobs would only wait for purge.
    if (run.lifecycleStage === 'deleted') throw storeErrors.runDeleted(run.id, this.store.providerId);
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
   * Downloads a run's artifact, or the file of a model version (given as a version or a
   * `models:/` URI), to a file path or a writable stream, verifying its SHA-256. A file is
   * written to a temporary name and renamed only once verified.
   * @throws INTEGRITY when the bytes do not match the hash recorded at upload;
   *   INVALID_ARGUMENT for a folder version (use `downloadModelVersion`).
   * @example
   * await mlops.model.download('models:/iris-classifier@champion', 'model.onnx');
   */
  async download(source: string | ModelVersion, destination: string | Writable, options: DownloadOptions = {}): Promise<RunArtifact> {
    if (typeof source === 'object' || isModelUri(source)) {
      const version = await resolveModelVersion(this.store, source);
      if (version.runArtifactId === null) {
        throw new MLOpsError(
          'INVALID_ARGUMENT',
          `Version ${version.version} of '${version.modelName}' is a folder (${version.artifactPath}), not one file. Download its files with model.downloadModelVersion(version, folder).`,
        );
      }
      const [file] = await modelVersionFiles(this.store, version);
      return this.#writeArtifact(file!.artifact, destination);
    }
    return this.#writeArtifact(await this.findArtifact(source, options.name), destination);
  }

  /**
   * Downloads a model version (a version, its id or a `models:/` URI): its one file to a
   * file path or stream, or, for a folder version, each file under the folder `destination`
   * at its path inside the version's folder. Every file is verified as in `download`.
   * @returns the artifacts written, by name.
   */
  async downloadModelVersion(version: ModelVersionRef, destination: string | Writable): Promise<RunArtifact[]> {
    const found = await resolveModelVersion(this.store, version);
    const files = await modelVersionFiles(this.store, found);
    if (found.runArtifactId !== null) return [await this.#writeArtifact(files[0]!.artifact, destination)];
    if (typeof destination !== 'string') {
      throw new MLOpsError('INVALID_ARGUMENT', `Version ${found.version} of '${found.modelName}' is a folder of ${files.length} files. Pass a folder path to write them to, not a stream.`);
    }
    const written: RunArtifact[] = [];
    for (const { artifact, relativePath } of files) {
      written.push(await this.#writeArtifact(artifact, path.join(destination, ...validateArtifactName(relativePath).split('/'))));
    }
    return written;
  }

  /** Writes one artifact to a file path or stream, verifying it. */
  async #writeArtifact(artifact: RunArtifact, destination: string | Writable): Promise<RunArtifact> {
    const hashing = new HashingStream();
    const source = await this.repository.get(runArtifactKey(artifact.runId, artifact.name));
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
   * Registers a run's artifact (or a folder of its artifacts) as the next version (1, 2,
   * 3 …) of the registered model named after the experiment, or of `options.model`,
   * created on first use. Concurrent registrations, across processes too, never share a
   * version, and numbers of deleted versions are never reused.
   * @param experiment the experiment of the artifact's run (id or name).
   * @param options the version's description (MLOps.NET's fourth argument), or options.
   * @throws NOT_FOUND for an unknown experiment, run or artifact; INVALID_ARGUMENT for an
   *   artifact of another experiment's run or an invalid model name; CONFLICT for an
   *   artifact of a deleted run (restore the run first).
   * @example
   * await mlops.model.registerModel('iris-tuning', artifact.id, 'ada', { model: 'iris-classifier', tags: { stage: 'candidate' } });
   */
  async registerModel(experiment: ExperimentRef, artifact: RegistrableArtifact, registeredBy: string, options: string | RegisterModelOptions = {}): Promise<ModelVersion> {
    validateName('registeredBy', registeredBy);
    const settings = typeof options === 'string' || options === null ? { description: options } : options;
    if (typeof settings !== 'object') throw new MLOpsError('INVALID_ARGUMENT', `The options ${describe(options)} are not a description or an object. Pass e.g. { model: 'iris-classifier' }.`);
    const description = checkDescription(settings.description);
    const tags = { ...validateTags(settings.tags), ...trainingDataTagsOf(settings) };
    if (settings.model !== undefined) validateRegisteredModelName(settings.model);
    const found = await resolveExperiment(this.store, experiment);
    const source = await this.#findRegistrable(artifact);
    if (source.run.experimentId !== found.id) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `Artifact '${source.artifactPath}' belongs to a run of another experiment than '${found.name}'. Register it under the experiment of run '${source.run.id}'.`,
      );
    }
    // Before the registered model is created: a deleted run's artifact would back a version until purge refused to go.
    if (source.run.lifecycleStage === 'deleted') throw storeErrors.runDeleted(source.run.id, this.store.providerId);
    const now = Date.now();
    const name = settings.model ?? registeredModelNameOfExperiment(found.name);
    const model = await this.store.createRegisteredModel({ id: uuidv7(), name, description: null, tags: {}, createdAt: now, updatedAt: now });
    return this.store.createModelVersion({
      id: uuidv7(),
      registeredModelId: model.id,
      runId: source.run.id,
      runArtifactId: source.runArtifactId,
      artifactPath: source.artifactPath,
      registeredBy,
      registeredAt: now,
      description,
      tags,
    });
  }

  /** The run and artifact (or folder) a registration names. */
  async #findRegistrable(artifact: RegistrableArtifact): Promise<{ run: Pick<Run, 'id' | 'experimentId' | 'lifecycleStage'>; runArtifactId: string | null; artifactPath: string }> {
    if (typeof artifact === 'object' && artifact !== null && 'path' in artifact && !('sha256' in artifact)) {
      const run = await requireRun(this.store, artifact.runId);
      const isFolder = typeof artifact.path === 'string' && artifact.path.endsWith('/');
      const name = validateArtifactName(artifact.path);
      const artifacts = await this.store.listRunArtifacts(run.id);
      if (!isFolder) {
        const match = artifacts.find((candidate) => candidate.name === name);
        if (!match) throw storeErrors.artifactNotFound(`${name} of run '${run.id}'`, this.store.providerId);
        return { run, runArtifactId: match.id, artifactPath: match.name };
      }
      const prefix = `${name}/`;
      if (!artifacts.some((candidate) => candidate.name.startsWith(prefix))) {
        throw new MLOpsError('NOT_FOUND', `Run '${run.id}' has no artifacts under '${prefix}'. Upload files named '${prefix}…' first, or register one artifact by its name.`, {
          providerId: this.store.providerId,
        });
      }
      return { run, runArtifactId: null, artifactPath: prefix };
    }
    const id = typeof artifact === 'object' && artifact !== null ? (artifact as RunArtifact).id : artifact;
    if (typeof id !== 'string' || id.length === 0) {
      throw new MLOpsError('INVALID_ARGUMENT', `The artifact ${describe(artifact)} is not a run artifact, its id or { runId, path }. Pass what model.upload() returned.`);
    }
    const found = await this.store.getRunArtifact(id);
    if (!found) throw storeErrors.artifactNotFound(id, this.store.providerId);
    return { run: await requireRun(this.store, found.runId), runArtifactId: found.id, artifactPath: found.name };
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

