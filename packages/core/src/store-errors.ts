import { MLOpsError } from './errors.js';
import { registryStoreErrors } from './registry/registry-store-errors.js';

/**
 * The errors stores raise, worded once here so every provider says the same thing.
 * Each takes the provider's id and, where a native error is translated, its cause.
 */
export const storeErrors = {
  ...registryStoreErrors,
  runNotFound(runId: string, providerId?: string, cause?: unknown): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Run '${runId}' does not exist. Check the id, or list runs with lifecycle.getRuns(experiment).`,
      { providerId, cause },
    );
  },
  experimentNotFound(idOrName: string, providerId?: string, cause?: unknown): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Experiment '${idOrName}' does not exist. Create it with lifecycle.createExperiment('${idOrName}') or list experiments with lifecycle.getExperiments().`,
      { providerId, cause },
    );
  },
  runDeleted(runId: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'CONFLICT',
      `Run '${runId}' is deleted, so it cannot be changed. Restore it first with lifecycle.restoreRun('${runId}').`,
      { providerId },
    );
  },
  experimentDeleted(idOrName: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'CONFLICT',
      `Experiment '${idOrName}' is deleted, so it cannot be changed or given runs. Restore it first with lifecycle.restoreExperiment('${idOrName}'), or purge it with lifecycle.purge() to free its name.`,
      { providerId },
    );
  },
  experimentNameTaken(name: string, providerId?: string, cause?: unknown): MLOpsError {
    return new MLOpsError(
      'CONFLICT',
      `An experiment named '${name}' already exists. Choose another name, or rename or purge that experiment first.`,
      { providerId, cause },
    );
  },
  notDeleted(kind: 'run' | 'experiment', id: string, providerId?: string): MLOpsError {
    const method = kind === 'run' ? 'deleteRun' : 'deleteExperiment';
    return new MLOpsError(
      'CONFLICT',
      `The ${kind} '${id}' is not deleted, so it cannot be purged. Delete it first with lifecycle.${method}('${id}'), or leave it.`,
      { providerId },
    );
  },
  experimentHasRuns(id: string, runCount: number, providerId?: string): MLOpsError {
    return new MLOpsError(
      'CONFLICT',
      `Experiment '${id}' still has ${runCount} run${runCount === 1 ? '' : 's'}, so it cannot be purged. Purge its runs first; lifecycle.purge() does both.`,
      { providerId },
    );
  },
  paramConflict(runId: string, key: string, storedValue: string, newValue: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'CONFLICT',
      `Hyper-parameter '${key}' of run '${runId}' is already '${truncate(storedValue)}' and cannot become '${truncate(newValue)}'. Parameters are immutable: start a new run to try another value.`,
      { providerId },
    );
  },
  artifactExists(runId: string, name: string, providerId?: string, cause?: unknown): MLOpsError {
    return new MLOpsError(
      'CONFLICT',
      `Run '${runId}' already has an artifact named '${name}'. Artifacts are immutable: upload under another name or start a new run.`,
      { providerId, cause },
    );
  },
  artifactNotFound(idOrName: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Run artifact '${idOrName}' does not exist. List a run's artifacts with model.getRunArtifacts(runId).`,
      { providerId },
    );
  },
  dataSetNotFound(runId: string, name: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Run '${runId}' has no data set named '${name}'. Log it first with data.logData(runId, rows, { name: '${name}' }).`,
      { providerId },
    );
  },
  deploymentTargetNotFound(idOrName: string, providerId?: string): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `Deployment target '${idOrName}' does not exist. Create it with deployment.createDeploymentTarget('${idOrName}').`,
      { providerId },
    );
  },
  objectNotFound(key: string, providerId?: string, cause?: unknown): MLOpsError {
    return new MLOpsError(
      'NOT_FOUND',
      `No object is stored under '${key}' in the model repository. Check that the artifact was uploaded and the repository settings point where it was uploaded.`,
      { providerId, cause },
    );
  },
  unavailable(providerId: string, what: string, cause?: unknown): MLOpsError {
    const reason = cause instanceof Error ? ` (${cause.message})` : '';
    return new MLOpsError('UNAVAILABLE', `${what}${reason}. Check that the service is running and reachable, then retry.`, {
      providerId,
      cause,
    });
  },
} as const;

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
