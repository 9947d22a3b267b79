/** Which deployments `MetadataStoreV1.listDeployments` returns: every given condition holds. */
export interface DeploymentQuery {
  /** Only deployments of this registered model (its id). */
  registeredModelId?: string;
  /** Only deployments to this target (its id). */
  deploymentTargetId?: string;
}
