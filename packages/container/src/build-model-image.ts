import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isModelUri, MLOpsError, type MLOpsContext, type ModelVersion, type ModelVersionRef, type RunArtifact } from '@mlops-ts/core';

import type { ResolvedContainerRegistry } from './container-registry-options.js';
import { modelImageSettings, appLayerFiles, modelLayerFiles } from './image/model-image-files.js';
import { pushImage, type PushedImage } from './image/push-image.js';
import { buildReproducibleLayer } from './image/reproducible-layer.js';
import { collectRuntimePackages } from './image/runtime-packages.js';
import { parseImageReference, validateRepository, validateTag } from './registry/image-reference.js';
import { RegistryClient } from './registry/registry-client.js';
import { credentialsFromDockerConfig } from './registry/registry-credentials.js';
import { parsePlatform, resolveBaseImage } from './registry/resolve-base-image.js';

/** Options of `deployment.buildModelImage`. */
export interface BuildModelImageOptions {
  /**
   * The image to build on, with Node.js (20.19 or later) on its PATH, e.g.
   * 'registry.example.com/team/node:22-slim' or a digest reference; on a registry of its own or the
   * one configured (then its layers are mounted, not copied).
   */
  baseImage: string;
  /** The tag to push. Default '<model>-<version>', e.g. 'iris-classifier-3'. */
  tag?: string;
  /** The repository, instead of the one `useContainerRegistry()` gives. */
  repository?: string;
  /** The platform, instead of the one `useContainerRegistry()` gives (default 'linux/amd64'). */
  platform?: string;
}

/** What `buildModelImage` pushed: the image and the model version in it. */
export interface ModelImage extends PushedImage {
  /** The model version baked in. */
  modelVersion: ModelVersion;
  /** The labels of the image config. */
  labels: Record<string, string>;
  /** Time the build and push took, in milliseconds. */
  durationMs: number;
}

/** The folder packages are found from: this package's own, where @mlops-ts/onnx and @mlops-ts/remote are installed as its dependencies. */
const packageFolder = path.dirname(fileURLToPath(import.meta.url));

/** The packages the image runs: the server, and @mlops-ts/remote to log drift reports to a tracking server named at run time. */
export const imageRuntimePackages: readonly string[] = ['@mlops-ts/onnx', '@mlops-ts/remote'];

/** A registered model name as a repository path component. */
export function repositoryNameOf(modelName: string): string {
  const cleaned = modelName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').replace(/[._-]{2,}/g, '-');
  return cleaned || 'model';
}

/** The version given by record, id or `models:/` URI. @throws MLOpsError NOT_FOUND, INVALID_ARGUMENT. */
export async function resolveVersion(mlops: MLOpsContext, version: ModelVersionRef): Promise<ModelVersion> {
  if (typeof version === 'object' && version !== null) return version;
  if (typeof version === 'string' && isModelUri(version)) return mlops.model.resolveModelUri(version);
  if (typeof version !== 'string' || (version as string).length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The model version ${JSON.stringify(version)} is not a version, an id or a models:/ URI. Pass e.g. 'models:/iris-classifier/3'.`);
  }
  const found = await mlops.metadataStore.getModelVersion(version);
  if (!found) throw new MLOpsError('NOT_FOUND', `Model version '${version}' does not exist. Check the id, or pass a models:/ URI.`);
  return found;
}

/** The model file's bytes, verified against the hash recorded at upload. */
async function readModel(mlops: MLOpsContext, version: ModelVersion): Promise<{ bytes: Buffer; artifact: RunArtifact }> {
  if (version.runArtifactId === null) {
    throw new MLOpsError('UNSUPPORTED', `Version ${version.version} of '${version.modelName}' is a folder (${version.artifactPath}); an image serves one ONNX file. Register the .onnx file itself.`);
  }
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const artifact = await mlops.model.download(version, sink);
  return { bytes: Buffer.concat(chunks), artifact };
}

/**
 * Builds an OCI image serving a model version and pushes it, without a container engine:
 * base manifest and config from the registry, three reproducible layers (runtime packages,
 * app, model), a new config and manifest.
 */
export async function buildModelImage(mlops: MLOpsContext, settings: ResolvedContainerRegistry, versionRef: ModelVersionRef, options: BuildModelImageOptions): Promise<ModelImage> {
  const started = performance.now();
  if (typeof options !== 'object' || options === null || typeof options.baseImage !== 'string') {
    throw new MLOpsError('INVALID_ARGUMENT', `buildModelImage needs { baseImage }. Pass e.g. { baseImage: 'registry.example.com/team/node:22-slim' }.`);
  }
  const version = await resolveVersion(mlops, versionRef);
  const tag = validateTag(options.tag ?? `${repositoryNameOf(version.modelName)}-${version.version}`);
  const repository = validateRepository(options.repository ?? settings.repository ?? repositoryNameOf(version.modelName));
  const platform = options.platform === undefined ? settings.platform : parsePlatform(options.platform);
  const base = parseImageReference(options.baseImage);

  const target = new RegistryClient({
    registry: settings.registry,
    insecure: settings.insecure,
    timeoutMs: settings.timeoutMs,
    credentials: settings.credentials ?? (() => credentialsFromDockerConfig(settings.registry)),
  });
  const baseClient =
    base.registry === settings.registry
      ? target
      : new RegistryClient({ registry: base.registry, timeoutMs: settings.timeoutMs, credentials: () => credentialsFromDockerConfig(base.registry) });
  const baseImage = await resolveBaseImage(baseClient, base, platform);

  const { bytes, artifact } = await readModel(mlops, version);
  const runtimeFiles = await collectRuntimePackages(imageRuntimePackages, packageFolder, platform);
  const layers = [
    await buildReproducibleLayer(runtimeFiles, 'runtime packages (@mlops-ts/onnx, @mlops-ts/remote, onnxruntime-node and their dependencies)'),
    await buildReproducibleLayer(appLayerFiles(), 'app: /app/server.mjs'),
    await buildReproducibleLayer(
      modelLayerFiles(bytes, { model: version.modelName, version: version.version, modelVersionId: version.id, runId: version.runId, sha256: artifact.sha256 }),
      `model: ${version.modelName} version ${version.version}`,
    ),
  ];
  const imageSettings = modelImageSettings(version, artifact);
  const pushed = await pushImage({ base: baseImage, baseClient, target, repository, tag, layers, settings: imageSettings, chunkSizeBytes: settings.chunkSizeBytes });
  return { ...pushed, modelVersion: version, labels: imageSettings.labels, durationMs: performance.now() - started };
}
