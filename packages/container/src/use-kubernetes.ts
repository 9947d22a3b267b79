import { DeploymentCatalog, extendBuilder, MLOpsError, type Deployment, type DeploymentTargetRef, type MLOpsBuilder, type ModelVersionRef, type RegisteredModelRef } from '@mlops-ts/core';

import { attachContainerState, configuredBuilders, containerStateOf } from './container-state.js';
import { deployToKubernetes, renderManifestsFor, undeployFromKubernetes, type KubernetesDeployOptions } from './kubernetes/deploy-to-kubernetes.js';
import { resolveKubernetesOptions, type KubernetesOptions } from './kubernetes/kubernetes-options.js';

declare module '@mlops-ts/core' {
  interface MLOpsBuilder {
    /**
     * The cluster `deployment.deployToKubernetes` rolls models out to: a kubeconfig file (or
     * the default one), or the pod's service account with `inCluster: true`.
     * @example
     * new MLOpsBuilder().useContainerRegistry({ registry: 'registry.example.com', repository: 'team/iris' }).useKubernetes({ namespace: 'models' })
     */
    useKubernetes(options?: KubernetesOptions): this;
  }
  interface DeploymentCatalog {
    /**
     * Deploys a model version to Kubernetes (MLOps.NET's DeployModelToKubernetesAsync):
     * builds and pushes its image unless `image` is given, applies a Deployment (probes on
     * /health, resources, rolling update) and a Service with server-side apply, waits for the
     * rollout, and records the deployment with the Service URL as its URI.
     * @throws MLOpsError UNAVAILABLE when the rollout is not ready in time (naming the failing
     *   pod condition) or the cluster cannot be reached; PERMISSION_DENIED when it refuses the account.
     */
    deployToKubernetes(target: DeploymentTargetRef, version: ModelVersionRef, deployedBy: string, options?: KubernetesDeployOptions): Promise<Deployment>;
    /** The YAML `deployToKubernetes` would apply (pass `image`), for GitOps; needs no cluster. */
    renderKubernetesManifests(target: DeploymentTargetRef, version: ModelVersionRef, options: KubernetesDeployOptions): Promise<string>;
    /** Removes the model's Deployment and Service on the target and records the undeploy. */
    undeployFromKubernetes(model: RegisteredModelRef, target: DeploymentTargetRef, deployedBy: string): Promise<Deployment | undefined>;
  }
}

function useKubernetes(this: MLOpsBuilder, options?: KubernetesOptions): MLOpsBuilder {
  const settings = resolveKubernetesOptions(options);
  if (configuredBuilders.kubernetes.has(this)) {
    throw new MLOpsError('INVALID_ARGUMENT', `A Kubernetes cluster is already configured on this builder. Call useKubernetes() once.`);
  }
  configuredBuilders.kubernetes.add(this);
  return this.useContextExtension((context) => attachContainerState(context, { kubernetes: settings }));
}

extendBuilder('useKubernetes', useKubernetes as MLOpsBuilder['useKubernetes']);

const methods: Record<string, (this: DeploymentCatalog, ...args: never[]) => unknown> = {
  async deployToKubernetes(this: DeploymentCatalog, target: DeploymentTargetRef, version: ModelVersionRef, deployedBy: string, options?: KubernetesDeployOptions) {
    return deployToKubernetes(containerStateOf(this, 'kubernetes'), target, version, deployedBy, options);
  },
  async renderKubernetesManifests(this: DeploymentCatalog, target: DeploymentTargetRef, version: ModelVersionRef, options: KubernetesDeployOptions) {
    return renderManifestsFor(containerStateOf(this, 'kubernetes'), target, version, options);
  },
  async undeployFromKubernetes(this: DeploymentCatalog, model: RegisteredModelRef, target: DeploymentTargetRef, deployedBy: string) {
    return undeployFromKubernetes(containerStateOf(this, 'kubernetes'), model, target, deployedBy);
  },
};
for (const [name, value] of Object.entries(methods)) {
  if (!Object.prototype.hasOwnProperty.call(DeploymentCatalog.prototype, name)) {
    Object.defineProperty(DeploymentCatalog.prototype, name, { value, writable: false, configurable: false, enumerable: false });
  }
}
