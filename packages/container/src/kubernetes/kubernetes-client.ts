import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { isNetworkError, MLOpsError } from '@mlops-ts/core';

import type { KubernetesObject } from './kubernetes-manifests.js';
import type { ResolvedKubernetesSettings } from './kubernetes-options.js';

/** The API clients of one cluster. */
export interface KubernetesClients {
  server: string;
  objects: KubernetesObjectApi;
  apps: AppsV1Api;
  core: CoreV1Api;
}

/**
 * Connects to the cluster the settings name: the in-cluster service account, a kubeconfig
 * file, or the default kubeconfig (`KUBECONFIG`, `~/.kube/config`).
 * @throws MLOpsError INVALID_ARGUMENT when the kubeconfig cannot be read or has no such context.
 */
export function connectKubernetes(settings: ResolvedKubernetesSettings): KubernetesClients {
  const config = new KubeConfig();
  try {
    if (settings.inCluster) config.loadFromCluster();
    else if (settings.kubeconfig !== undefined) config.loadFromFile(settings.kubeconfig);
    else config.loadFromDefault();
    if (settings.context !== undefined) config.setCurrentContext(settings.context);
  } catch (cause) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The Kubernetes configuration cannot be loaded (${(cause as Error).message}). Pass useKubernetes({ kubeconfig: '<path>' }), set KUBECONFIG, or use inCluster: true inside a pod.`,
      { cause },
    );
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new MLOpsError('INVALID_ARGUMENT', `The kubeconfig names no cluster for its current context. Pass useKubernetes({ context }) or fix the kubeconfig.`);
  return { server: cluster.server, objects: KubernetesObjectApi.makeApiClient(config), apps: config.makeApiClient(AppsV1Api), core: config.makeApiClient(CoreV1Api) };
}

/** Translates a client error into an MLOpsError that says what failed and how to fix it. */
export function translateKubernetesError(error: unknown, action: string, server: string): MLOpsError {
  if (MLOpsError.isInstance(error)) return error;
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' ? error.body : JSON.stringify(error.body);
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // not JSON: keep the text
    }
    const detail = `HTTP ${error.code}: ${String(message).slice(0, 300)}`;
    if (error.code === 401 || error.code === 403) {
      return new MLOpsError('PERMISSION_DENIED', `Kubernetes refused to ${action} (${detail}). Give the account of the kubeconfig the rights to apply Deployments, Services and Namespaces there.`, { cause: error });
    }
    if (error.code === 404) return new MLOpsError('NOT_FOUND', `Kubernetes found nothing to ${action} (${detail}). Check the namespace exists.`, { cause: error });
    if (error.code === 409) return new MLOpsError('CONFLICT', `Kubernetes refused to ${action} (${detail}). Another field manager owns these fields: remove it, or deploy under another target.`, { cause: error });
    if (error.code === 422 || error.code === 400) return new MLOpsError('INVALID_ARGUMENT', `Kubernetes refused to ${action} (${detail}). Check the options passed to deployToKubernetes.`, { cause: error });
    return new MLOpsError('UNAVAILABLE', `Kubernetes failed to ${action} (${detail}). Retry later.`, { cause: error });
  }
  if (isNetworkError(error) || (error as { name?: string })?.name === 'FetchError') {
    return new MLOpsError('UNAVAILABLE', `The Kubernetes API server ${server} cannot be reached to ${action} (${(error as Error).message}). Check the kubeconfig's server and the network.`, { cause: error });
  }
  return new MLOpsError('UNAVAILABLE', `Kubernetes failed to ${action} (${(error as Error)?.message ?? String(error)}).`, { cause: error });
}

/** Applies objects with server-side apply (so a redeploy updates them in place), in order. */
export async function applyObjects(clients: KubernetesClients, objects: readonly KubernetesObject[], fieldManager: string): Promise<void> {
  for (const object of objects) {
    try {
      await clients.objects.patch(object, undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply);
    } catch (error) {
      throw translateKubernetesError(error, `apply ${object.kind} '${object.metadata.name}'`, clients.server);
    }
  }
}

/** Deletes objects, ignoring those already gone. */
export async function deleteObjects(clients: KubernetesClients, objects: readonly KubernetesObject[]): Promise<void> {
  for (const object of objects) {
    try {
      await clients.objects.delete(object);
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) continue;
      throw translateKubernetesError(error, `delete ${object.kind} '${object.metadata.name}'`, clients.server);
    }
  }
}
