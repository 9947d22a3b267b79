import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MLOpsContext, ModelVersion } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import '../src/index.js';
import { appsV1Resources, applied, coreV1Resources, deploymentWithStatus, podListWithImagePullBackOff, status } from './fixtures/kubernetes-api.js';
import { freePort } from './support/container-tools.js';
import { linearModel, openContainerContext, registerModelBytes } from './support/model-fixtures.js';
import { startRecordedApi, type RecordedRequest, type Responder } from './support/recorded-kubernetes.js';

const image = `registry.test/models/iris@sha256:${'b'.repeat(64)}`;

/** Discovery and apply answers as the API reference documents them; `deploymentReads` answers each GET of the Deployment in turn. */
function recordedCluster(deploymentReads: ('progressing' | 'complete' | 'stuck')[], overrides: Responder = () => undefined): Responder {
  let lastApplied: Record<string, any> | undefined;
  let reads = 0;
  return (request) => {
    const overridden = overrides(request);
    if (overridden) return overridden;
    if (request.method === 'GET' && request.path === '/api/v1') return { status: 200, body: coreV1Resources };
    if (request.method === 'GET' && request.path === '/apis/apps/v1') return { status: 200, body: appsV1Resources };
    if (request.method === 'PATCH') {
      if (request.body.kind === 'Deployment') lastApplied = request.body;
      return { status: 200, body: applied(request.body) };
    }
    if (request.method === 'GET' && /\/deployments\/[^/]+$/.test(request.path) && lastApplied) {
      const phase = deploymentReads[Math.min(reads++, deploymentReads.length - 1)]!;
      return { status: 200, body: deploymentWithStatus(lastApplied, phase) };
    }
    if (request.method === 'GET' && request.path.endsWith('/pods') && lastApplied) {
      return { status: 200, body: podListWithImagePullBackOff(lastApplied.metadata.namespace, lastApplied.metadata.name, image) };
    }
    if (request.method === 'DELETE') return { status: 200, body: status(200, 'Success', 'deleted') };
    return undefined;
  };
}

describe('deployToKubernetes against recorded Kubernetes API responses (from the API reference; no API server runs here)', () => {
  let api: Awaited<ReturnType<typeof startRecordedApi>> | undefined;
  let context: Awaited<ReturnType<typeof openContainerContext>> | undefined;
  let mlops: MLOpsContext;
  let version: ModelVersion;

  async function open(respond: Responder, options: { namespace?: string; rolloutTimeoutMs?: number } = {}): Promise<void> {
    api = await startRecordedApi(respond);
    context = await openContainerContext((builder) => builder.useKubernetes({ kubeconfig: api!.kubeconfig, pollIntervalMs: 20, rolloutTimeoutMs: options.rolloutTimeoutMs ?? 5_000, ...(options.namespace ? { namespace: options.namespace } : {}) }));
    mlops = context.mlops;
    await mlops.deployment.createDeploymentTarget('Production');
    version = await registerModelBytes(mlops, linearModel(1, 2, 3), 'iris-classifier', 'iris');
  }
  beforeEach(() => {
    api = undefined;
    context = undefined;
  });
  afterEach(async () => {
    await context?.dispose();
    await api?.close();
  });

  const patches = (requests: RecordedRequest[]): RecordedRequest[] => requests.filter((request) => request.method === 'PATCH');

  it('applies Namespace, Deployment and Service with server-side apply, waits for the rollout, and records the Service URL', async () => {
    await open(recordedCluster(['progressing', 'progressing', 'complete']));
    const deployment = await mlops.deployment.deployToKubernetes('Production', version, 'ci', { image, replicas: 2 });
    const applies = patches(api!.requests);
    expect(applies.map((request) => request.path)).toEqual([
      '/api/v1/namespaces/iris-classifier-production-' + applies[0]!.path.slice(-8),
      `/apis/apps/v1/namespaces/${applies[1]!.body.metadata.namespace}/deployments/${applies[1]!.body.metadata.name}`,
      `/api/v1/namespaces/${applies[2]!.body.metadata.namespace}/services/${applies[2]!.body.metadata.name}`,
    ]);
    for (const request of applies) {
      expect(request.contentType).toBe('application/apply-patch+yaml');
      expect(request.query).toMatchObject({ fieldManager: 'mlops-ts', force: 'true' });
      expect(request.authorization).toBe('Bearer test-token');
    }
    expect(applies[1]!.body.spec.template.spec.containers[0].image).toBe(image);
    expect(api!.requests.filter((request) => request.method === 'GET' && request.path.includes('/deployments/'))).toHaveLength(3);
    const { name, namespace } = applies[1]!.body.metadata;
    expect(deployment.uri).toBe(`http://${name}.${namespace}.svc.cluster.local`);
    expect(await mlops.deployment.getDeploymentUri('iris-classifier', 'Production')).toBe(deployment.uri);
    expect(deployment.modelVersionId).toBe(version.id);
  });

  it('redeploys a new version in place into a configured namespace, keeping the history', async () => {
    await open(recordedCluster(['complete']), { namespace: 'models' });
    await mlops.deployment.deployToKubernetes('Production', version, 'ci', { image });
    const next = await registerModelBytes(mlops, linearModel(2, 2, 2), 'iris-classifier', 'iris');
    await mlops.deployment.deployToKubernetes('Production', `models:/iris-classifier/${next.version}`, 'ci', { image: image.replace('b', 'c') });
    const deploymentApplies = patches(api!.requests).filter((request) => request.body.kind === 'Deployment');
    expect(deploymentApplies.map((request) => request.path)).toEqual([deploymentApplies[0]!.path, deploymentApplies[0]!.path]);
    expect(deploymentApplies[0]!.path).toMatch(/^\/apis\/apps\/v1\/namespaces\/models\/deployments\//);
    expect(deploymentApplies[1]!.body.metadata.labels['mlops-ts.io/version']).toBe(String(next.version));
    expect(patches(api!.requests).some((request) => request.body.kind === 'Namespace')).toBe(false);
    expect((await mlops.deployment.getDeployments('iris-classifier')).map((entry) => entry.modelVersionId)).toEqual([version.id, next.id]);
  });

  it('fails a rollout that is not ready in time with UNAVAILABLE naming the failing pod condition, recording nothing', async () => {
    await open(recordedCluster(['stuck']), { rolloutTimeoutMs: 300 });
    const started = performance.now();
    const error = (await mlops.deployment.deployToKubernetes('Production', version, 'ci', { image }).catch((caught: unknown) => caught)) as Error & { code: string };
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/did not become ready within 0 s/);
    expect(error.message).toContain('container model is waiting: ImagePullBackOff');
    expect(api!.requests.some((request) => request.path.endsWith('/pods') && request.query.labelSelector?.includes(`mlops-ts.io/version=${version.version}`))).toBe(true);
    await expect(mlops.deployment.getCurrentDeployment('iris-classifier', 'Production')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers PERMISSION_DENIED when the cluster refuses the account, and UNAVAILABLE when it cannot be reached', async () => {
    await open(recordedCluster(['complete'], (request) => (request.method === 'PATCH' ? { status: 403, body: status(403, 'Forbidden', 'namespaces is forbidden: User "ci" cannot patch resource') } : undefined)));
    await expect(mlops.deployment.deployToKubernetes('Production', version, 'ci', { image })).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('cannot patch resource') });
    // A kubeconfig whose server is a port nothing listens on.
    const port = await freePort();
    const unreachable = path.join(path.dirname(api!.kubeconfig), 'unreachable');
    await writeFile(unreachable, (await readFile(api!.kubeconfig, 'utf8')).replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`));
    const closed = await openContainerContext((builder) => builder.useKubernetes({ kubeconfig: unreachable }));
    try {
      await closed.mlops.deployment.createDeploymentTarget('Production');
      const next = await registerModelBytes(closed.mlops, linearModel(1, 1, 1), 'iris-classifier', 'iris');
      await expect(closed.mlops.deployment.deployToKubernetes('Production', next, 'ci', { image })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('cannot be reached') });
    } finally {
      await closed.dispose();
    }
  });

  it('refuses missing settings and input before calling the cluster', async () => {
    await open(recordedCluster(['complete']));
    await expect(mlops.deployment.deployToKubernetes('Production', version, 'ci')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('No image') });
    await expect(mlops.deployment.deployToKubernetes('Nowhere', version, 'ci', { image })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(mlops.deployment.deployToKubernetes('Production', 'models:/absent/1', 'ci', { image })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(mlops.deployment.deployToKubernetes('Production', version, 'ci', { image, replicas: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(patches(api!.requests)).toHaveLength(0);
    await expect(openContainerContext((builder) => builder.useKubernetes({ namespace: 'Bad_Namespace' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openContainerContext((builder) => builder.useKubernetes({ kubeconfig: '/nonexistent/kubeconfig' }).useKubernetes())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const without = await openContainerContext((builder) => builder);
    try {
      await expect(without.mlops.deployment.deployToKubernetes('Production', version, 'ci', { image })).rejects.toThrow(/useKubernetes/);
    } finally {
      await without.dispose();
    }
  });

  it('undeployFromKubernetes deletes the Service and the Deployment but keeps the namespace', async () => {
    await open(recordedCluster(['complete']));
    await mlops.deployment.deployToKubernetes('Production', version, 'ci', { image });
    await mlops.deployment.undeployFromKubernetes('iris-classifier', 'Production', 'ci');
    const deletes = api!.requests.filter((request) => request.method === 'DELETE').map((request) => request.path);
    expect(deletes).toHaveLength(2);
    expect(deletes[0]).toMatch(/\/services\//);
    expect(deletes[1]).toMatch(/\/deployments\//);
  });
});
