import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadModelFile } from '@mlops-ts/onnx';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';

import '../src/index.js';
import { freePort, runTool } from './support/container-tools.js';
import { linearModel, openContainerContext, registerModelBytes } from './support/model-fixtures.js';

const missing = inject('containerToolsMissing');
if (missing) console.warn(`SKIPPED: the podman kube play suite needs podman, runc, skopeo and docker-registry (${missing}).`);

describe.skipIf(missing !== '')('the generated Kubernetes manifests under podman kube play', () => {
  const environment = inject('podmanEnvironment') as NodeJS.ProcessEnv;
  const manifestFiles: string[] = [];
  afterAll(async () => {
    for (const file of manifestFiles) await runTool('podman', ['kube', 'down', file], environment).catch(() => undefined);
  });

  it('runs a pod from the rendered Deployment that answers /predict with the in-process predictions and /health', async () => {
    const { mlops, dispose } = await openContainerContext((builder) => builder.useContainerRegistry({ registry: inject('registry'), repository: 'models/kube' }).useKubernetes({ namespace: 'models' }));
    try {
      await mlops.deployment.createDeploymentTarget('Production');
      const bytes = linearModel(-1, 4, 2);
      const version = await registerModelBytes(mlops, bytes, 'kube-model');
      const image = await mlops.deployment.buildModelImage(version, { baseImage: inject('baseImages').oci });
      const port = await freePort();
      const yaml = await mlops.deployment.renderKubernetesManifests('Production', version, { image, replicas: 1 });
      const file = path.join(inject('containerFolder'), `kube-${randomUUID().slice(0, 8)}.yaml`);
      // The Deployment runs as rendered, with one addition: a hostPort, which podman publishes on
      // the host as a node would (the Service is Kubernetes' own and is left out).
      const deployment = parseAllDocuments(yaml).map((document) => document.toJS() as any).find((object) => object.kind === 'Deployment');
      deployment.spec.template.spec.containers[0].ports[0].hostPort = port;
      await writeFile(file, stringify(deployment));
      manifestFiles.push(file);
      await runTool('podman', ['kube', 'play', file], environment, 180_000);

      const url = `http://127.0.0.1:${port}`;
      for (let attempt = 0; ; attempt++) {
        const health = await fetch(`${url}/health`).catch(() => undefined);
        if (health?.status === 200) break;
        if (attempt > 300) throw new Error(`The pod did not become healthy: ${await runTool('podman', ['pod', 'ps'], environment).catch(() => '')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const modelFile = path.join(inject('containerFolder'), `kube-model-${randomUUID().slice(0, 8)}.onnx`);
      await writeFile(modelFile, bytes);
      const local = await loadModelFile(modelFile);
      try {
        const rows = [[1, 1], [2, -5]];
        const answer = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ X: rows }) });
        expect(answer.status).toBe(200);
        expect(await answer.json()).toEqual(await local.predict({ X: rows }));
      } finally {
        await local.close();
      }
      // podman ran the probes and settings of the Deployment: the container is healthy, non-root and read-only.
      const inspected = JSON.parse(await runTool('podman', ['ps', '--format', 'json', '--filter', `label=mlops-ts.io/version=${version.version}`], environment)) as { Names: string[] }[];
      expect(inspected.length).toBeGreaterThan(0);
      const container = inspected.find((entry) => entry.Names.some((name) => name.includes('model')))!;
      const details = JSON.parse(await runTool('podman', ['inspect', container.Names[0]!], environment)) as { Config: { User: string }; HostConfig: { ReadonlyRootfs: boolean } }[];
      expect(details[0]!.HostConfig.ReadonlyRootfs).toBe(true);
      expect(details[0]!.Config.User).toMatch(/^65532/);
    } finally {
      await dispose();
    }
  });
});
