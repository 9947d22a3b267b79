import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { MLOpsError } from '@mlops-ts/core';

import { translateKubernetesError, type KubernetesClients } from './kubernetes-client.js';

/** Whether a Deployment's rollout is done, failed, or still going (kubectl rollout status's rules). */
export function rolloutState(deployment: V1Deployment): { done: true } | { done: false; failed?: string; progress: string } {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const deadline = status.conditions?.find((condition) => condition.type === 'Progressing' && condition.reason === 'ProgressDeadlineExceeded');
  if (deadline) return { done: false, failed: `ProgressDeadlineExceeded: ${deadline.message ?? ''}`, progress: '' };
  const updated = status.updatedReplicas ?? 0;
  const progress = `${updated} of ${wanted} updated, ${status.availableReplicas ?? 0} available`;
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) return { done: false, progress: 'waiting for the controller to see the new spec' };
  if (updated < wanted || (status.replicas ?? 0) > updated || (status.availableReplicas ?? 0) < updated) return { done: false, progress };
  return { done: true };
}

/** The first thing that keeps a pod from being ready: a waiting or crashed container, or a false pod condition. */
export function failingPodCondition(pods: readonly V1Pod[]): string | undefined {
  for (const pod of pods) {
    const name = pod.metadata?.name ?? 'pod';
    for (const container of pod.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting;
      if (waiting?.reason && waiting.reason !== 'ContainerCreating') return `pod ${name}: container ${container.name} is waiting: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`;
      const terminated = container.lastState?.terminated ?? container.state?.terminated;
      if (terminated && !container.ready) return `pod ${name}: container ${container.name} exited with code ${terminated.exitCode} (${terminated.reason ?? 'Error'})`;
    }
    for (const condition of pod.status?.conditions ?? []) {
      if (condition.status === 'False') return `pod ${name}: ${condition.type} is False${condition.reason ? `: ${condition.reason}` : ''}${condition.message ? ` (${condition.message})` : ''}`;
    }
  }
  return undefined;
}

/**
 * Waits until the Deployment's new pods are all ready and the old ones gone.
 * @throws MLOpsError UNAVAILABLE after `timeoutMs` (or when Kubernetes reports the progress
 *   deadline exceeded), naming the failing pod condition (ImagePullBackOff, CrashLoopBackOff,
 *   Unschedulable, a failing readiness probe …).
 */
export async function waitForRollout(clients: KubernetesClients, name: string, namespace: string, version: number, timeoutMs: number, pollIntervalMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let progress = 'not read yet';
  for (;;) {
    let deployment: V1Deployment;
    try {
      deployment = await clients.apps.readNamespacedDeployment({ name, namespace });
    } catch (error) {
      throw translateKubernetesError(error, `read the rollout of Deployment '${name}'`, clients.server);
    }
    const state = rolloutState(deployment);
    if (state.done) return;
    progress = state.progress;
    if (state.failed || Date.now() >= deadline) {
      let cause = state.failed;
      try {
        const pods = await clients.core.listNamespacedPod({ namespace, labelSelector: `app.kubernetes.io/instance=${name},mlops-ts.io/version=${version}` });
        cause = failingPodCondition(pods.items) ?? cause;
      } catch {
        // The pods are a hint; the timeout is the error.
      }
      throw new MLOpsError(
        'UNAVAILABLE',
        `The rollout of Deployment '${name}' in namespace '${namespace}' did not become ready within ${Math.round(timeoutMs / 1000)} s (${progress}${cause ? `; ${cause}` : ''}). Fix the cause (image pull access, resources, the model's /health), then deploy again; the previous pods keep serving.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollIntervalMs, Math.max(0, deadline - Date.now()))));
  }
}
