import { MLOpsError, type DeploymentCatalog, type MLOpsContext } from '@mlops-ts/core';

import type { ResolvedContainerRegistry } from './container-registry-options.js';
import type { ResolvedKubernetesSettings } from './kubernetes/kubernetes-options.js';

/** What the builder methods configured for one context, found from its deployment catalog. */
export interface ContainerState {
  context: MLOpsContext;
  registry?: ResolvedContainerRegistry;
  kubernetes?: ResolvedKubernetesSettings;
}

const states = new WeakMap<DeploymentCatalog, ContainerState>();

/** Records settings for a built context (called from the builder methods' context extensions). */
export function attachContainerState(context: MLOpsContext, settings: Omit<ContainerState, 'context'>): void {
  const state = states.get(context.deployment) ?? { context };
  Object.assign(state, settings);
  states.set(context.deployment, state);
}

/**
 * The context and settings behind a deployment catalog.
 * @throws MLOpsError INVALID_ARGUMENT when the builder method `needs` names was not called.
 */
export function containerStateOf(catalog: DeploymentCatalog, needs: 'registry' | 'kubernetes'): ContainerState & Required<Pick<ContainerState, typeof needs>> {
  const state = states.get(catalog);
  if (!state?.[needs]) {
    const method = needs === 'registry' ? `useContainerRegistry({ registry: 'registry.example.com', repository: 'team/models' })` : `useKubernetes({ namespace: 'models' })`;
    throw new MLOpsError('INVALID_ARGUMENT', `No ${needs === 'registry' ? 'container registry' : 'Kubernetes cluster'} is configured for this context. Call ${method} on the builder before build().`);
  }
  return state as ContainerState & Required<Pick<ContainerState, typeof needs>>;
}

/** Builders whose slot is taken, so configuring one twice is an error as for stores. */
export const configuredBuilders = { registry: new WeakSet<object>(), kubernetes: new WeakSet<object>() };
