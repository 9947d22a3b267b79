import { MLOpsError } from '@mlops-ts/core';
import { stringify } from 'yaml';

import { defaultImagePort } from '../image/model-image-files.js';
import { kubernetesName, labelValue } from './kubernetes-names.js';
import { validateNamespace } from './kubernetes-options.js';

/** Resource requests and limits of the model container, in Kubernetes quantities. */
export interface KubernetesResources {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

/** What the manifests describe: which image serves which model version on which target, and how. */
export interface KubernetesManifestInput {
  /** The image, best by digest (`registry/repository@sha256:…`) so a rollout pins its bytes. */
  image: string;
  /** The registered model's name. */
  model: string;
  /** The model version number. */
  version: number;
  /** The deployment target's name, e.g. 'Production'. */
  target: string;
  /** The experiment of the version's run, for a label. */
  experiment?: string;
  /** Namespace. Default: one per registered model and target, `<model>-<target>`. */
  namespace?: string;
  /** Pods serving the model. Default 2 (one may restart while the other serves). */
  replicas?: number;
  /** Default: requests cpu 100m, memory 256Mi; limits memory 512Mi. */
  resources?: KubernetesResources;
  /** The port the server listens on in the pod. Default 8080. */
  port?: number;
  /** More environment variables for the server (e.g. MLOPS_SERVE_TOKEN from a secret is better set with valueFrom outside). */
  env?: Record<string, string>;
}

/** A Kubernetes object as plain data (apiVersion, kind, metadata, spec). */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  [key: string]: unknown;
}

/** The objects of one model on one target: the namespace (when derived), a Deployment and a Service. */
export interface KubernetesManifests {
  name: string;
  namespace: string;
  /** Whether the namespace is derived and so created with the workload. */
  createsNamespace: boolean;
  objects: KubernetesObject[];
  /** The URL other pods of the cluster reach the model at. */
  serviceUri: string;
}

const defaultResources: Required<KubernetesResources> = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };

function checkInput(input: KubernetesManifestInput): void {
  if (typeof input?.image !== 'string' || input.image.length === 0 || /\s/.test(input.image)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The image ${JSON.stringify(input?.image)} is not an image reference. Pass the reference buildModelImage returned.`);
  }
  const replicas = input.replicas ?? 2;
  if (!Number.isSafeInteger(replicas) || replicas < 1 || replicas > 1000) {
    throw new MLOpsError('INVALID_ARGUMENT', `replicas is ${String(input.replicas)}. Pass a whole number from 1 to 1000.`);
  }
  const port = input.port ?? defaultImagePort;
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535) {
    throw new MLOpsError('INVALID_ARGUMENT', `port is ${String(input.port)}. Pass a TCP port from 1 to 65535, e.g. 8080.`);
  }
  for (const name of Object.keys(input.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === 'PORT') {
      throw new MLOpsError('INVALID_ARGUMENT', `Environment variable name '${name.slice(0, 100)}' is not allowed. Use letters, digits and '_' (PORT is set from the port option).`);
    }
  }
}

/**
 * The manifests that serve a model version on a target: a Deployment with readiness and
 * liveness probes on /health, resource requests and limits, a rolling update that keeps
 * every serving pod until its replacement is ready, a non-root read-only container, labels
 * for model, version, target and experiment; and a ClusterIP Service on port 80.
 * @throws MLOpsError INVALID_ARGUMENT for a bad image, namespace, replica count, port or env name.
 */
export function buildKubernetesManifests(input: KubernetesManifestInput): KubernetesManifests {
  checkInput(input);
  const name = kubernetesName(input.model, input.target);
  const namespace = input.namespace === undefined ? name : validateNamespace(input.namespace);
  const port = input.port ?? defaultImagePort;
  const selector = { 'app.kubernetes.io/name': 'mlops-model', 'app.kubernetes.io/instance': name };
  const labels = {
    ...selector,
    'app.kubernetes.io/managed-by': 'mlops-ts',
    'mlops-ts.io/model': labelValue(input.model),
    'mlops-ts.io/target': labelValue(input.target),
    'mlops-ts.io/version': String(input.version),
    ...(input.experiment === undefined ? {} : { 'mlops-ts.io/experiment': labelValue(input.experiment) }),
  };
  const annotations = {
    'mlops-ts.io/model-name': input.model,
    'mlops-ts.io/target-name': input.target,
    ...(input.experiment === undefined ? {} : { 'mlops-ts.io/experiment-name': input.experiment }),
  };
  const resources = input.resources ?? defaultResources;
  const deployment: KubernetesObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels, annotations },
    spec: {
      replicas: input.replicas ?? 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels, annotations },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 },
          containers: [
            {
              name: 'model',
              image: input.image,
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
              env: [{ name: 'PORT', value: String(port) }, ...Object.entries(input.env ?? {}).map(([envName, value]) => ({ name: envName, value: String(value) }))],
              readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: '/health', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
              resources,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
  const service: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels, annotations },
    spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
  };
  const objects = input.namespace === undefined ? [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'mlops-ts' } } }, deployment, service] : [deployment, service];
  return { name, namespace, createsNamespace: input.namespace === undefined, objects, serviceUri: `http://${name}.${namespace}.svc.cluster.local` };
}

/**
 * The manifests as one YAML stream (documents separated by `---`), for GitOps: commit it,
 * or `kubectl apply --server-side -f` it. No cluster is needed.
 * @example
 * await writeFile('deploy/iris-production.yaml', renderKubernetesManifests({ image: image.reference, model: 'iris', version: 3, target: 'Production' }));
 */
export function renderKubernetesManifests(input: KubernetesManifestInput): string {
  return buildKubernetesManifests(input)
    .objects.map((object) => stringify(object, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
}
