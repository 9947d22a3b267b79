import { MLOpsError } from '../errors.js';
import type { Experiment, Run, Tags } from '../spec/v1/index.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { storeErrors } from '../store-errors.js';
import { describe, limits, validateId, validateName, validateTags } from '../validation.js';
import { requireRun, resolveExperiment, type ExperimentRef } from './resolve.js';

/*
 * Delete, restore, rename and retag experiments and runs. Each checks its input and the
 * record's stage before calling the store, so a refused call changes nothing.
 */

/** Soft-deletes an experiment and its active runs at one time; deleting it again finishes an interrupted delete. */
export async function deleteExperiment(store: MetadataStoreV1, ref: ExperimentRef): Promise<Experiment> {
  const experiment = await resolveExperiment(store, ref);
  return store.setExperimentLifecycle(experiment.id, 'deleted', Date.now());
}

/** Restores an experiment and exactly the runs its delete took; restoring an active experiment changes nothing. */
export async function restoreExperiment(store: MetadataStoreV1, ref: ExperimentRef): Promise<Experiment> {
  const experiment = await resolveExperiment(store, ref);
  if (experiment.lifecycleStage === 'active') return experiment;
  return store.setExperimentLifecycle(experiment.id, 'active', null);
}

/** Renames an experiment; its runs, registry entries and blobs refer to its id and stay as they are. */
export async function renameExperiment(store: MetadataStoreV1, ref: ExperimentRef, newName: string): Promise<Experiment> {
  validateName('new experiment name', newName, limits.experimentName);
  const experiment = await requireActiveExperiment(store, ref);
  if (experiment.name === newName) return experiment;
  return store.updateExperiment(experiment.id, { name: newName });
}

/** Adds or replaces tags on an experiment (other tags are kept). */
export async function setExperimentTags(store: MetadataStoreV1, ref: ExperimentRef, tags: Tags): Promise<Experiment> {
  const clean = validateTags(tags);
  const experiment = await requireActiveExperiment(store, ref);
  await store.setExperimentTags(experiment.id, clean);
  return { ...experiment, tags: { ...experiment.tags, ...clean } };
}

/** Removes tags from an experiment; a key it does not have is ignored. */
export async function deleteExperimentTags(store: MetadataStoreV1, ref: ExperimentRef, keys: string[]): Promise<Experiment> {
  const checked = validateTagKeys(keys);
  const experiment = await requireActiveExperiment(store, ref);
  await store.deleteExperimentTags(experiment.id, checked);
  const removed = new Set(checked);
  return { ...experiment, tags: Object.fromEntries(Object.entries(experiment.tags).filter(([key]) => !removed.has(key))) };
}

/** Soft-deletes a run; deleting a deleted run changes nothing. */
export async function deleteRun(store: MetadataStoreV1, runId: string): Promise<Run> {
  const run = await requireRun(store, runId);
  if (run.lifecycleStage === 'deleted') return run;
  await store.updateRun(run.id, { lifecycleStage: 'deleted', deletedAt: Date.now() });
  return requireRun(store, run.id);
}

/** Restores a deleted run; CONFLICT while its experiment is deleted (restore that instead). */
export async function restoreRun(store: MetadataStoreV1, runId: string): Promise<Run> {
  const run = await requireRun(store, runId);
  if (run.lifecycleStage === 'active') return run;
  const experiment = await store.getExperimentById(run.experimentId);
  if (experiment?.lifecycleStage === 'deleted') throw storeErrors.experimentDeleted(experiment.name, store.providerId);
  await store.updateRun(run.id, { lifecycleStage: 'active', deletedAt: null });
  return requireRun(store, run.id);
}

/** Sets (or with null clears) a run's display name. */
export async function setRunName(store: MetadataStoreV1, runId: string, name: string | null): Promise<Run> {
  validateId('run', runId);
  if (name !== null) validateName('run name', name);
  await store.updateRun(runId, { name });
  return requireRun(store, runId);
}

/** Removes tags from a run; a key it does not have is ignored. */
export async function deleteRunTags(store: MetadataStoreV1, runId: string, keys: string[]): Promise<void> {
  validateId('run', runId);
  await store.deleteRunTags(runId, validateTagKeys(keys));
}

/** The experiment, unless it is deleted (CONFLICT: restore it first). */
export async function requireActiveExperiment(store: MetadataStoreV1, ref: ExperimentRef): Promise<Experiment> {
  const experiment = await resolveExperiment(store, ref);
  if (experiment.lifecycleStage === 'deleted') throw storeErrors.experimentDeleted(experiment.name, store.providerId);
  return experiment;
}

function validateTagKeys(keys: unknown): string[] {
  if (!Array.isArray(keys)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Tag keys ${describe(keys)} are not a list. Pass the keys to remove, e.g. ['team'].`);
  }
  return [...new Set(keys.map((key) => validateName('tag key', key)))];
}
