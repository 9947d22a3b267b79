import { MLOpsError } from '../errors.js';
import type { Experiment, Run } from '../spec/v1/index.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { describe } from '../validation.js';
import { runArtifactKey } from './artifact-keys.js';
import { findModelVersionsOfRuns } from './model-versions-of-runs.js';
import { resolveExperiment, type ExperimentRef } from './resolve.js';

/** Options of `lifecycle.purge`. */
export interface PurgeOptions {
  /** Only items deleted at least this many milliseconds ago. Default 0: every deleted item. */
  olderThanMs?: number;
  /** Only this experiment (id or name): its deleted runs, and the experiment itself when it is deleted. Default: every experiment. */
  experiment?: ExperimentRef;
}

/** What `lifecycle.purge` removed for good. */
export interface PurgeResult {
  /** The ids of the runs removed, with everything they held. */
  runs: string[];
  /** The ids of the experiments removed. */
  experiments: string[];
  /** How many objects were deleted from the model repository. */
  blobs: number;
}

/**
 * Removes deleted runs and experiments for good (MLflow's `gc`): each run's blobs under
 * `runs/<runId>/` in the model repository first, then its rows; then the experiments.
 * Because rows go last, a purge that fails half-way leaves every unfinished run deleted
 * and listed, so running it again finishes the job with no orphaned blob or row.
 *
 * @throws MLOpsError CONFLICT, before removing anything, when a run to purge backs a
 *   registered model version that still exists (naming runs and versions);
 *   INVALID_ARGUMENT for bad options; NOT_FOUND for an unknown experiment.
 */
export async function purge(store: MetadataStoreV1, repository: ModelRepositoryV1, options: PurgeOptions = {}): Promise<PurgeResult> {
  const { cutoff, experiment } = checkPurgeOptions(options);
  const experiments = experiment === undefined ? await store.listExperiments({ lifecycle: 'all' }) : [await resolveExperiment(store, experiment)];
  const { runs, experimentsToPurge } = await collectDeleted(store, experiments, cutoff);
  await refuseRegisteredRuns(store, runs);
  let blobs = 0;
  for (const run of runs) {
    blobs += await deleteRunBlobs(repository, run.id);
    await store.purgeRun(run.id);
  }
  for (const purged of experimentsToPurge) await store.purgeExperiment(purged.id);
  return { runs: runs.map((run) => run.id), experiments: experimentsToPurge.map((purged) => purged.id), blobs };
}

/** The deleted runs to purge (oldest first) and the deleted experiments whose runs all go with them. */
async function collectDeleted(store: MetadataStoreV1, experiments: readonly Experiment[], cutoff: number): Promise<{ runs: Run[]; experimentsToPurge: Experiment[] }> {
  const runs: Run[] = [];
  const experimentsToPurge: Experiment[] = [];
  for (const experiment of experiments) {
    const isDue = experiment.lifecycleStage === 'deleted' && experiment.deletedAt !== null && experiment.deletedAt <= cutoff;
    const candidates = await store.listRuns(experiment.id, { lifecycle: isDue ? 'all' : 'deleted' });
    // An experiment whose delete was interrupted still has active runs: it waits for deleteExperiment to finish.
    if (isDue && candidates.every((run) => run.lifecycleStage === 'deleted')) {
      experimentsToPurge.push(experiment);
      runs.push(...candidates);
    } else {
      runs.push(...candidates.filter((run) => run.lifecycleStage === 'deleted' && run.deletedAt !== null && run.deletedAt <= cutoff));
    }
  }
  return { runs, experimentsToPurge };
}

async function refuseRegisteredRuns(store: MetadataStoreV1, runs: readonly Run[]): Promise<void> {
  const versions = await findModelVersionsOfRuns(
    store,
    runs.map((run) => run.id),
  );
  if (versions.length === 0) return;
  const runIds = [...new Set(versions.map((version) => version.runId))];
  const named = versions.map((version) => `${version.modelName} version ${version.version} (run '${version.runId}')`);
  throw new MLOpsError(
    'CONFLICT',
    `Purging would remove the artifacts of run${runIds.length === 1 ? '' : 's'} ${runIds.map((id) => `'${id}'`).join(', ')}, which back the registered model version${named.length === 1 ? '' : 's'} ${named.join(', ')}; nothing was purged. Delete those versions first with model.deleteModelVersion(model, version), restore the runs, or purge another experiment with { experiment }.`,
    { providerId: store.providerId },
  );
}

/** Deletes every object under the run's prefix (listed first, then deleted); returns how many. */
async function deleteRunBlobs(repository: ModelRepositoryV1, runId: string): Promise<number> {
  const keys: string[] = [];
  for await (const object of repository.list(runArtifactKey(runId, ''))) keys.push(object.key);
  for (const key of keys) await repository.delete(key);
  return keys.length;
}

function checkPurgeOptions(options: PurgeOptions): { cutoff: number; experiment: ExperimentRef | undefined } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Purge options ${describe(options)} are not an object. Pass e.g. { olderThanMs: 30 * 24 * 3600 * 1000 }.`);
  }
  const olderThanMs = options.olderThanMs ?? 0;
  if (typeof olderThanMs !== 'number' || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `olderThanMs ${describe(olderThanMs)} is not a non-negative number of milliseconds. Pass e.g. 7 * 24 * 3600 * 1000 for a week.`);
  }
  return { cutoff: Date.now() - olderThanMs, experiment: options.experiment };
}
