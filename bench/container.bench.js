// Image builds of @mlops-ts/container against a docker-registry on 127.0.0.1: the time of a
// first build (runtime layer compressed and uploaded), of a rebuild of the same version
// (nothing but the manifest pushed) and of a new model version (only the model layer and the
// config pushed), with the bytes each pushed. No raw baseline exists for an image build, so
// these are absolute figures, recorded with the machine they ran on (bench/README.md).
// The base image is a minimal one pushed here with the package's registry client (the build
// reads its manifest and config, and mounts its layer, as for any base).
// Imports the built packages (`pnpm bench` builds them). Runs alone with `node bench/container.bench.js`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/container';
import { RegistryClient, mediaTypes } from '@mlops-ts/container';
import { linearRegressionToOnnx, uploadOnnxModel } from '@mlops-ts/onnx';
import { report, round, temporaryDirectory, time } from './lib.js';

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRegistry(directory) {
  const port = await freePort();
  const config = path.join(directory, 'registry.yml');
  writeFileSync(config, `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(directory, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: bench\n`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await fetch(`http://${host}/v2/`).catch(() => undefined))?.ok) return { host, stop: () => child.kill('SIGTERM') };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGTERM');
  throw new Error('docker-registry did not start');
}

/** A minimal OCI base image (one small layer) pushed with the package's own client. */
async function pushMinimalBase(registry) {
  const client = new RegistryClient({ registry });
  const layer = gzipSync(Buffer.alloc(10_240)); // an empty tar archive
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'] }, rootfs: { type: 'layers', diff_ids: [sha256(Buffer.alloc(10_240))] } }));
  await client.uploadBlob('base/minimal', sha256(layer), layer);
  await client.uploadBlob('base/minimal', sha256(config), config);
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.ociManifest, config: { mediaType: mediaTypes.ociConfig, digest: sha256(config), size: config.length }, layers: [{ mediaType: mediaTypes.ociLayerGzip, digest: sha256(layer), size: layer.length }] }));
  await client.putManifest('base/minimal', '1', manifest, mediaTypes.ociManifest);
  return `${registry}/base/minimal:1`;
}

export default async function benchContainer() {
  if (spawnSync('sh', ['-c', 'command -v docker-registry']).status !== 0) {
    console.log(JSON.stringify({ figure: 'container.skipped', reason: 'docker-registry is not installed (apt-get install docker-registry)' }));
    return;
  }
  const { directory, remove } = temporaryDirectory('mlops-bench-container-');
  const registry = await startRegistry(directory);
  const mlops = await new MLOpsBuilder({ captureRunContext: false })
    .useInMemoryMetadataStore()
    .useLocalFileModelRepository(path.join(directory, 'models'))
    .useContainerRegistry({ registry: registry.host, repository: 'models/bench' })
    .build();
  try {
    const baseImage = await pushMinimalBase(registry.host);
    const register = async (weights) => {
      const run = await mlops.lifecycle.createRun('bench');
      const { artifact } = await uploadOnnxModel(mlops, run.id, linearRegressionToOnnx({ weights, inputs: 2, outputs: 1, intercept: true }), { name: 'model.onnx' });
      return mlops.model.registerModel('bench', artifact.id, 'bench', { model: 'bench-model' });
    };
    const first = await register([[1], [2], [3]]);
    let cold;
    const coldMs = await time(async () => (cold = await mlops.deployment.buildModelImage(first, { baseImage })));
    const runtimeLayer = cold.blobs[2];
    report({ figure: 'container.buildModelImage.cold', medianMs: round(coldMs, 0), pushedBytes: cold.pushedBytes, runtimeLayerBytes: runtimeLayer.size, note: 'runtime packages compressed and uploaded, base layer mounted' });
    let again;
    const againMs = await time(async () => (again = await mlops.deployment.buildModelImage(first, { baseImage })));
    report({ figure: 'container.buildModelImage.sameVersion', medianMs: round(againMs, 0), pushedBytes: again.pushedBytes, sameDigest: again.digest === cold.digest });
    const second = await register([[3], [2], [1]]);
    let changed;
    const changedMs = await time(async () => (changed = await mlops.deployment.buildModelImage(second, { baseImage })));
    const uploaded = changed.blobs.filter((blob) => blob.transfer === 'uploaded').length;
    report({ figure: 'container.buildModelImage.newModelVersion', medianMs: round(changedMs, 0), pushedBytes: changed.pushedBytes, uploadedBlobs: uploaded, shareOfFirstBuild: round(changed.pushedBytes / cold.pushedBytes, 6), onlyModelLayerAndConfig: uploaded === 2 });
  } finally {
    await mlops.close();
    registry.stop();
    remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchContainer();
