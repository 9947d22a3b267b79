import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

import { buildKubernetesManifests, renderKubernetesManifests } from '../src/index.js';

const input = { image: `127.0.0.1:5000/models/iris@sha256:${'a'.repeat(64)}`, model: 'Iris Classifier', version: 3, target: 'Production', experiment: 'iris / tuning' };

/** Validates an object against the Kubernetes OpenAPI schema of its kind (kubernetes-models 4.5, Kubernetes 1.31 schemas). */
function validate(object: Record<string, unknown>): void {
  const models = { Deployment, Service, Namespace } as const;
  const Model = models[object.kind as keyof typeof models];
  expect(Model, String(object.kind)).toBeDefined();
  new Model(object as never).validate();
}

describe('renderKubernetesManifests (GitOps, no cluster)', () => {
  it('renders a Namespace, a Deployment and a Service that the Kubernetes OpenAPI schemas accept', () => {
    const documents = parseAllDocuments(renderKubernetesManifests(input)).map((document) => document.toJS() as Record<string, unknown>);
    expect(documents.map((document) => document.kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    for (const document of documents) validate(document);
    // The validator does refuse what the schemas refuse.
    const deployment = documents[1] as { spec: Record<string, unknown> };
    expect(() => validate({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } })).toThrow();
    const withNamespace = parseAllDocuments(renderKubernetesManifests({ ...input, namespace: 'models', replicas: 3, port: 9000, env: { LOG_LEVEL: 'debug' }, resources: { limits: { cpu: '1', memory: '1Gi' } } }));
    expect(withNamespace.map((document) => (document.toJS() as { kind: string }).kind)).toEqual(['Deployment', 'Service']);
    for (const document of withNamespace) validate(document.toJS() as Record<string, unknown>);
  });

  it('writes plain YAML without anchors or aliases, which some GitOps tools refuse', () => {
    const yaml = renderKubernetesManifests(input);
    expect(yaml).not.toMatch(/[&*]a\d/);
    expect(yaml.split('\n---\n')).toHaveLength(3);
  });

  it('probes /health, updates without dropping a serving pod, runs non-root and labels model, version, target and experiment', () => {
    const { objects, name, namespace, serviceUri } = buildKubernetesManifests(input);
    const deployment = objects[1] as unknown as { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: any };
    const container = deployment.spec.template.spec.containers[0];
    expect(name).toMatch(/^iris-classifier-production-[0-9a-f]{8}$/);
    expect(namespace).toBe(name);
    expect(serviceUri).toBe(`http://${name}.${namespace}.svc.cluster.local`);
    expect(container.image).toBe(input.image);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(deployment.metadata.labels).toMatchObject({ 'mlops-ts.io/target': 'Production', 'mlops-ts.io/version': '3' });
    expect(deployment.metadata.labels['mlops-ts.io/model']).toMatch(/^Iris-Classifier-[0-9a-f]{8}$/);
    expect(deployment.metadata.annotations).toMatchObject({ 'mlops-ts.io/model-name': 'Iris Classifier', 'mlops-ts.io/experiment-name': 'iris / tuning' });
    // The selector never includes the version, so a new version rolls over the same pods' set.
    expect(Object.keys(deployment.spec.selector.matchLabels)).toEqual(['app.kubernetes.io/name', 'app.kubernetes.io/instance']);
  });

  it('refuses hostile input with INVALID_ARGUMENT: namespaces, replicas, ports, env names and images that do not fit', () => {
    const bad: Partial<Parameters<typeof renderKubernetesManifests>[0]>[] = [
      { namespace: 'Models' },
      { namespace: 'a'.repeat(64) },
      { namespace: '../x' },
      { replicas: 0 },
      { replicas: 1.5 },
      { port: 70_000 },
      { env: { 'bad name': 'x' } },
      { env: { PORT: '1' } },
      { image: 'image with spaces' },
      { image: '' },
    ];
    for (const change of bad) expect(() => renderKubernetesManifests({ ...input, ...change }), JSON.stringify(change)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('keeps hostile model and target names inside valid names, labels and YAML', () => {
    const yaml = renderKubernetesManifests({ ...input, model: 'x"\n---\nkind: Secret\n: {', target: '$(rm -rf /)' });
    const documents = parseAllDocuments(yaml).map((document) => document.toJS() as Record<string, unknown>);
    expect(documents.map((document) => document.kind)).toEqual(['Namespace', 'Deployment', 'Service']);
    for (const document of documents) validate(document);
  });
});
