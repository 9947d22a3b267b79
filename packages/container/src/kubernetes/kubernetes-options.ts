import { MLOpsError, optionKeys, refuseUnknownOptions } from '@mlops-ts/core';

/** Options of `useKubernetes()`: which cluster `deployment.deployToKubernetes` rolls out to. */
export interface KubernetesOptions {
  /** Path of a kubeconfig file. Default: `KUBECONFIG`, else `~/.kube/config` (as kubectl). */
  kubeconfig?: string;
  /** Use the pod's service account (token and CA under /var/run/secrets/kubernetes.io/serviceaccount) instead of a kubeconfig. */
  inCluster?: boolean;
  /** The kubeconfig context to use. Default: its current context. */
  context?: string;
  /**
   * Namespace for every deployment. Default: one namespace per registered model and target
   * (`<model>-<target>`, as MLOps.NET had it), created by the rollout.
   */
  namespace?: string;
  /** How long a rollout may take to become ready, in milliseconds, before it fails. Default 300000 (5 minutes). */
  rolloutTimeoutMs?: number;
  /** How often the rollout status is read while waiting, in milliseconds. Default 2000. */
  pollIntervalMs?: number;
  /** The field manager of server-side apply. Default 'mlops-ts'. */
  fieldManager?: string;
}

export interface ResolvedKubernetesSettings {
  kubeconfig: string | undefined;
  inCluster: boolean;
  context: string | undefined;
  namespace: string | undefined;
  rolloutTimeoutMs: number;
  pollIntervalMs: number;
  fieldManager: string;
}

const kubernetesOptionKeys = optionKeys<KubernetesOptions>({
  kubeconfig: true,
  inCluster: true,
  context: true,
  namespace: true,
  rolloutTimeoutMs: true,
  pollIntervalMs: true,
  fieldManager: true,
});

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Checks a namespace name (an RFC 1123 label). @throws MLOpsError INVALID_ARGUMENT. */
export function validateNamespace(namespace: unknown): string {
  if (typeof namespace !== 'string' || !dnsLabel.test(namespace)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Namespace ${JSON.stringify(namespace)} is not an RFC 1123 label. Use up to 63 lower-case letters, digits and '-', starting and ending with a letter or digit, e.g. 'models'.`);
  }
  return namespace;
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `${name} is ${String(value)}. Pass a positive whole number of milliseconds, e.g. ${fallback}.`);
  }
  return value;
}

/** Checks `useKubernetes()`'s options. @throws MLOpsError INVALID_ARGUMENT naming the option at fault. */
export function resolveKubernetesOptions(options: KubernetesOptions = {}): ResolvedKubernetesSettings {
  if (typeof options !== 'object' || options === null) {
    throw new MLOpsError('INVALID_ARGUMENT', `useKubernetes() takes an options object. Pass e.g. { kubeconfig: '~/.kube/config', namespace: 'models' }.`);
  }
  refuseUnknownOptions('useKubernetes()', options, kubernetesOptionKeys);
  if (options.inCluster === true && options.kubeconfig !== undefined) {
    throw new MLOpsError('INVALID_ARGUMENT', `useKubernetes() got both inCluster and kubeconfig. Pass one.`);
  }
  return {
    kubeconfig: options.kubeconfig,
    inCluster: options.inCluster === true,
    context: options.context,
    namespace: options.namespace === undefined ? undefined : validateNamespace(options.namespace),
    rolloutTimeoutMs: positive('rolloutTimeoutMs', options.rolloutTimeoutMs, 300_000),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs, 2_000),
    fieldManager: options.fieldManager ?? 'mlops-ts',
  };
}
