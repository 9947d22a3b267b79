import type { ModelVersion, RunArtifact } from '@mlops-ts/core';

import type { ImageSettings } from './image-config.js';
import type { LayerFile } from './reproducible-layer.js';

/** Where the image keeps the app and the model. */
export const imagePaths = {
  app: '/app',
  entry: '/app/server.mjs',
  model: '/model/model.onnx',
  description: '/model/model.json',
} as const;

/** The port the image's server listens on unless `PORT` says otherwise. */
export const defaultImagePort = 8080;

/** A user and group with no account in the base image: the container never runs as root. */
export const imageUser = '65532:65532';

/** What `/model/model.json` says: the registered model version baked into the image. */
export interface BakedModelDescription {
  model: string;
  version: number;
  modelVersionId: string;
  runId: string;
  sha256: string;
}

/**
 * The entry script: serves the baked model with `@mlops-ts/onnx` on 0.0.0.0:$PORT, checks
 * its SHA-256 before loading, and stops gracefully on SIGTERM (a Node process as PID 1
 * ignores it unless it handles it), letting requests in flight finish. With
 * `MLOPS_TRACKING_URI` set it also monitors drift, logging reports through that tracking
 * server (`loadContext()` of the core, which reads `MLOPS_TRACKING_TOKEN` too); the model
 * itself always comes from the image.
 */
export const entryScript = `// Serves the model baked into this image. Made by @mlops-ts/container.
import { readFile } from 'node:fs/promises';
import { loadContext } from '@mlops-ts/core';
import { serve } from '@mlops-ts/onnx';

/** A number from an environment variable, or undefined when it is unset. */
function numberFrom(name) {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(\`\${name} is '\${text}', not a number. Set it to e.g. 1000, or unset it for the default.\`);
  return value;
}

/** MLOPS_MONITOR_REPORT_EVERY: milliseconds ('60000') or rows ('rows:5000'). */
function reportEveryFrom(name) {
  const text = process.env[name];
  const rows = /^rows:(\\d+)$/.exec(text ?? '');
  return rows ? { rows: Number(rows[1]) } : numberFrom(name);
}

const description = JSON.parse(await readFile('${imagePaths.description}', 'utf8'));
// A tracking server is used for drift monitoring only: the model is the one in the image.
const mlops = process.env.MLOPS_TRACKING_URI ? await loadContext() : undefined;
const monitor = mlops && {
  sampleRate: numberFrom('MLOPS_MONITOR_SAMPLE_RATE'),
  windowSize: numberFrom('MLOPS_MONITOR_WINDOW_SIZE'),
  reportEvery: reportEveryFrom('MLOPS_MONITOR_REPORT_EVERY'),
};
const model = { model: description.model, version: description.version, runId: description.runId, modelVersionId: description.modelVersionId, sha256: description.sha256 };
const server = await serve({
  modelFile: '${imagePaths.model}',
  model,
  ...(mlops ? { mlops, monitor } : {}),
  host: process.env.HOST ?? '0.0.0.0',
  port: Number(process.env.PORT ?? ${defaultImagePort}),
  shutdownTimeoutMs: Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10000),
});
server.predictor.monitor?.on('monitorError', (error) => console.error(JSON.stringify({ message: 'drift monitoring failed', code: error.code, error: error.message })));
server.predictor.monitor?.on('drift', (change) => console.log(JSON.stringify({ message: 'drift verdict changed', monitoringRunId: change.monitoringRunId, step: change.step, changes: change.changes })));
console.log(JSON.stringify({ message: 'serving', url: server.url, model: description.model, version: description.version, monitoring: mlops !== undefined }));

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(JSON.stringify({ message: 'stopping', signal }));
  // Closing the server reports the open monitoring window before the tracking connection closes.
  server.close().then(() => mlops?.close()).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
`;

/** The app layer: the entry script and a package.json that makes it an ES module. */
export function appLayerFiles(): LayerFile[] {
  return [
    { path: imagePaths.entry, content: Buffer.from(entryScript) },
    { path: `${imagePaths.app}/package.json`, content: Buffer.from(`${JSON.stringify({ name: 'mlops-model-server', private: true, type: 'module' }, null, 2)}\n`) },
  ];
}

/** The model layer: the model file and its description. */
export function modelLayerFiles(model: Buffer, description: BakedModelDescription): LayerFile[] {
  return [
    { path: imagePaths.model, content: model },
    { path: imagePaths.description, content: Buffer.from(`${JSON.stringify(description, null, 2)}\n`) },
  ];
}

/** Label keys of the model in the image config (OCI annotation names where one fits). */
export const modelLabels = {
  name: 'io.mlops-ts.model.name',
  version: 'io.mlops-ts.model.version',
  versionId: 'io.mlops-ts.model.version-id',
  runId: 'io.mlops-ts.model.run-id',
  sha256: 'io.mlops-ts.model.sha256',
} as const;

/** How the image runs and what its labels say about the model version. */
export function modelImageSettings(version: ModelVersion, artifact: RunArtifact): ImageSettings {
  return {
    entrypoint: ['node', imagePaths.entry],
    env: { NODE_ENV: 'production', PORT: String(defaultImagePort) },
    user: imageUser,
    workingDir: imagePaths.app,
    exposedPorts: [defaultImagePort],
    labels: {
      'org.opencontainers.image.title': version.modelName,
      'org.opencontainers.image.version': String(version.version),
      'org.opencontainers.image.description': `ONNX model ${version.modelName} version ${version.version}, served with @mlops-ts/onnx`,
      [modelLabels.name]: version.modelName,
      [modelLabels.version]: String(version.version),
      [modelLabels.versionId]: version.id,
      [modelLabels.runId]: version.runId,
      [modelLabels.sha256]: artifact.sha256,
    },
    // The registration time: the same version always gives the same config.
    created: new Date(version.registeredAt).toISOString(),
  };
}
