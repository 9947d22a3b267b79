import type { DeploymentTarget, Experiment, Run } from '../spec/v1/index.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { storeErrors } from '../store-errors.js';
import { validateId } from '../validation.js';
import { MLOpsError } from '../errors.js';

/** An experiment's id or name. */
export type ExperimentRef = string;
/** A deployment target, its id or its name. */
export type DeploymentTargetRef = DeploymentTarget | string;

/** The experiment with this id or, failing that, this name. Throws NOT_FOUND. */
export async function resolveExperiment(store: MetadataStoreV1, experiment: ExperimentRef): Promise<Experiment> {
  if (typeof experiment !== 'string' || experiment.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The experiment ${JSON.stringify(experiment)} is not an id or a name. Pass the experiment's id or its name.`);
  }
  const found = (await store.getExperimentById(experiment)) ?? (await store.getExperimentByName(experiment));
  if (!found) throw storeErrors.experimentNotFound(experiment, store.providerId);
  return found;
}

/** The run with this id. Throws NOT_FOUND. */
export async function requireRun(store: MetadataStoreV1, runId: string): Promise<Run> {
  validateId('run', runId);
  const run = await store.getRun(runId);
  if (!run) throw storeErrors.runNotFound(runId, store.providerId);
  return run;
}

/** The target given by object, id or name. Throws NOT_FOUND. */
export async function resolveDeploymentTarget(store: MetadataStoreV1, target: DeploymentTargetRef): Promise<DeploymentTarget> {
  const key = typeof target === 'string' ? target : target?.id;
  if (typeof key !== 'string' || key.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The deployment target ${JSON.stringify(target)} is not a target, an id or a name. Pass one returned by deployment.createDeploymentTarget().`);
  }
  const found = (await store.getDeploymentTargetById(key)) ?? (await store.getDeploymentTargetByName(key));
  if (!found) throw storeErrors.deploymentTargetNotFound(key, store.providerId);
  return found;
}
