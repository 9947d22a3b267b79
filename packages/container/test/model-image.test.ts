import { randomUUID } from 'node:crypto';
import type { MLOpsContext, ModelVersion } from '@mlops-ts/core';
import { loadModelFile } from '@mlops-ts/onnx';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import '../src/index.js';
import { modelLabels, type ModelImage } from '../src/index.js';
import { freePort, ownCgroupParent, runTool } from './support/container-tools.js';
import { linearModel, openContainerContext, registerModelBytes } from './support/model-fixtures.js';

const missing = inject('containerToolsMissing');
if (missing) console.warn(`SKIPPED: the container image suite needs podman, runc, skopeo and docker-registry (${missing}).`);

describe.skipIf(missing !== '')('buildModelImage with a real registry, podman and skopeo', () => {
  const registry = inject('registry');
  const baseImages = inject('baseImages');
  const environment = inject('podmanEnvironment') as NodeJS.ProcessEnv;
  let mlops: MLOpsContext;
  let dispose: () => Promise<void>;
  let version: ModelVersion;
  let first: ModelImage;
  const modelBytes = linearModel(2, -1, 0.5);
  const started: string[] = [];

  beforeAll(async () => {
    ({ mlops, dispose } = await openContainerContext((builder) => builder.useContainerRegistry({ registry, repository: 'models/iris' })));
    version = await registerModelBytes(mlops, modelBytes, 'iris-classifier');
    first = await mlops.deployment.buildModelImage(version, { baseImage: baseImages.oci });
  });
  afterAll(async () => {
    for (const name of started) await runTool('podman', ['rm', '--force', name], environment).catch(() => undefined);
    await dispose?.();
  });

  async function runImage(reference: string): Promise<{ name: string; url: string }> {
    const name = `mlops-test-${randomUUID().slice(0, 8)}`;
    const port = await freePort();
    const cgroupParent = await ownCgroupParent();
    await runTool('podman', ['pull', '--quiet', reference], environment);
    await runTool(
      'podman',
      ['run', '--detach', '--name', name, '--network', 'host', '--env', `PORT=${port}`, ...(cgroupParent ? ['--cgroup-parent', cgroupParent] : []), reference],
      environment,
    );
    started.push(name);
    const url = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      const health = await fetch(`${url}/health`).catch(() => undefined);
      if (health?.status === 200) break;
      if (attempt > 300) throw new Error(`The container did not become healthy: ${await runTool('podman', ['logs', name], environment).catch(() => '')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { name, url };
  }

  it('pushes an image that podman runs: /predict answers what the model predicts in process, /health and /metadata answer', async () => {
    expect(first.reference).toBe(`${registry}/models/iris@${first.digest}`);
    expect(first.taggedReference).toBe(`${registry}/models/iris:iris-classifier-${version.version}`);
    const { name, url } = await runImage(first.reference);
    const rows = [[1, 2], [0.5, -3], [10, 4]];
    const local = await loadModelFile(path.join(await writeModel(), 'model.onnx'));
    try {
      const answer = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ X: rows }) });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual(await local.predict({ X: rows }));
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', version: version.version });
      expect(await (await fetch(`${url}/metadata`)).json()).toMatchObject({ model: 'iris-classifier', version: version.version, runId: version.runId });
      // The server runs as the image's non-root user.
      expect((await runTool('podman', ['exec', name, 'node', '-e', 'console.log(process.getuid(), process.getgid())'], environment)).trim()).toBe('65532 65532');
    } finally {
      await local.close();
    }
    // SIGTERM stops it gracefully: exit code 0, well before podman's 10 s kill.
    const stopping = performance.now();
    await runTool('podman', ['stop', '--time', '10', name], environment);
    expect(performance.now() - stopping).toBeLessThan(8_000);
    expect((await runTool('podman', ['inspect', '--format', '{{.State.ExitCode}}', name], environment)).trim()).toBe('0');
  });

  async function writeModel(): Promise<string> {
    const folder = path.join(inject('containerFolder'), `model-${randomUUID().slice(0, 8)}`);
    await runTool('mkdir', ['-p', folder], environment);
    await writeFile(path.join(folder, 'model.onnx'), modelBytes);
    return folder;
  }

  it('labels the image with the registered model name, version and hash, as skopeo reads them', async () => {
    const inspected = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', `docker://${first.reference}`], environment)) as { Labels: Record<string, string>; Digest: string };
    const artifact = await mlops.model.download(version, path.join(inject('containerFolder'), `labels-${randomUUID()}.onnx`));
    expect(inspected.Digest).toBe(first.digest);
    expect(inspected.Labels).toMatchObject({
      [modelLabels.name]: 'iris-classifier',
      [modelLabels.version]: String(version.version),
      [modelLabels.sha256]: artifact.sha256,
      'org.opencontainers.image.title': 'iris-classifier',
    });
    const config = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', '--config', `docker://${first.reference}`], environment)) as { config: { User: string; Entrypoint: string[] } };
    expect(config.config.User).toBe('65532:65532');
    expect(config.config.Entrypoint).toEqual(['node', '/app/server.mjs']);
  });

  it('gives the same digest when built twice, pushing nothing but the manifest the second time', async () => {
    const again = await mlops.deployment.buildModelImage(`models:/iris-classifier/${version.version}`, { baseImage: baseImages.oci });
    expect(again.digest).toBe(first.digest);
    expect(again.blobs.every((blob) => blob.transfer === 'existing')).toBe(true);
    expect(first.blobs.find((blob) => blob.digest === again.blobs[1]!.digest)?.transfer).toBe('mounted');
  });

  it('pushes only the model layer (and config) for a new model version', async () => {
    const next = await registerModelBytes(mlops, linearModel(3, 1, -2), 'iris-classifier');
    const image = await mlops.deployment.buildModelImage(next, { baseImage: baseImages.oci });
    const uploaded = image.blobs.filter((blob) => blob.transfer === 'uploaded');
    expect(uploaded.map((blob) => blob.digest)).toEqual([image.blobs[0]!.digest, image.blobs.at(-1)!.digest]);
    expect(image.pushedBytes).toBeLessThan(first.pushedBytes / 100);
    expect(image.tag).toBe(`iris-classifier-${next.version}`);
  });

  it('builds on a Docker v2 schema 2 base as a Docker image, and on a multi-platform index with the linux/amd64 image', async () => {
    const docker = await mlops.deployment.buildModelImage(version, { baseImage: baseImages.docker, tag: 'docker-base' });
    expect(docker.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    const index = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${baseImages.multiPlatform}`], environment)) as { manifests: { digest: string; platform: { architecture: string } }[] };
    const amd64 = index.manifests.find((entry) => entry.platform.architecture === 'amd64')!;
    const fromIndex = await mlops.deployment.buildModelImage(version, { baseImage: baseImages.multiPlatform, tag: 'multi-base' });
    expect(fromIndex.baseDigest).toBe(amd64.digest);
    await expect(mlops.deployment.buildModelImage(version, { baseImage: baseImages.multiPlatform, platform: 'linux/s390x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('linux/amd64, linux/arm64'),
    });
  });

  it('uploads in chunks when asked, to the same digest', async () => {
    const chunked = await openContainerContext((builder) => builder.useContainerRegistry({ registry, repository: 'models/chunked', chunkSizeBytes: 4 * 1024 * 1024 }));
    try {
      const copy = await registerModelBytes(chunked.mlops, modelBytes, 'iris-classifier');
      const image = await chunked.mlops.deployment.buildModelImage(copy, { baseImage: baseImages.oci, tag: 'chunked' });
      expect(image.blobs.some((blob) => blob.transfer === 'uploaded' && blob.size > 4 * 1024 * 1024)).toBe(true);
      const raw = JSON.parse(await runTool('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${image.reference}`], environment)) as { layers: { digest: string }[] };
      expect(raw.layers.map((layer) => layer.digest)).toEqual(image.blobs.slice(1).map((blob) => blob.digest));
    } finally {
      await chunked.dispose();
    }
  });
});
