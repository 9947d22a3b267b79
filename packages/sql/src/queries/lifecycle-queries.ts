import { compareCodePoints, storeErrors, type Experiment, type ExperimentKeys, type ExperimentUpdate, type LifecycleFilter, type LifecycleStage, type Tags } from '@mlops-ts/core';
import { chunkForParameters, placeholderList, type SqlSession } from '../sql-session.js';
import { readExperiments, requireExperiment, writeTags } from './run-queries.js';

/*
 * Queries of the lifecycle: deleted runs refusing writes, experiment updates, delete and
 * restore, tag deletion, purge and key listing. Each runs inside the caller's
 * transaction, so a refused call changes nothing.
 */

/** Throws NOT_FOUND unless the run exists, and CONFLICT when it is deleted: the check before every write to a run. */
export async function requireWritableRun(session: SqlSession, runId: string): Promise<void> {
  const row = await session.first<{ lifecycle_stage: string }>('SELECT lifecycle_stage FROM runs WHERE id = ?', [runId]);
  if (row === undefined) throw storeErrors.runNotFound(runId, session.providerId);
  if (row.lifecycle_stage === 'deleted') throw storeErrors.runDeleted(runId, session.providerId);
}

/** `requireWritableRun` for many runs at once (a metric batch): one query per chunk of ids. */
export async function requireWritableRuns(session: SqlSession, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 1) return requireWritableRun(session, runIds[0]!);
  for (const chunk of chunkForParameters(runIds, session.dialect)) {
    const rows = (await session.arrays(`SELECT id, lifecycle_stage FROM runs WHERE id IN (${placeholderList(chunk.length)})`, chunk)) as string[][];
    const stages = new Map(rows.map(([id, stage]) => [id!, stage!]));
    for (const runId of chunk) {
      const stage = stages.get(runId);
      if (stage === undefined) throw storeErrors.runNotFound(runId, session.providerId);
      if (stage === 'deleted') throw storeErrors.runDeleted(runId, session.providerId);
    }
  }
}

/** The condition (on `column`, e.g. 'lifecycle_stage' or 'r.lifecycle_stage') that keeps a lifecycle's rows; empty for 'all'. */
export function lifecycleCondition(lifecycle: LifecycleFilter, column = 'lifecycle_stage'): { sql: string; params: string[] } {
  return lifecycle === 'all' ? { sql: '', params: [] } : { sql: ` AND ${column} = ?`, params: [lifecycle] };
}

async function requireExperimentRow(session: SqlSession, id: string): Promise<Experiment> {
  const [experiment] = await readExperiments(session, 'WHERE id = ?', [id]);
  if (!experiment) throw storeErrors.experimentNotFound(id, session.providerId);
  return experiment;
}

/** Sets an experiment's name or description; CONFLICT when another experiment has the name. */
export async function updateExperiment(session: SqlSession, id: string, update: ExperimentUpdate): Promise<Experiment> {
  const experiment = await requireExperimentRow(session, id);
  const assignments: string[] = [];
  const params: unknown[] = [];
  if (update.name !== undefined && update.name !== experiment.name) {
    if (await session.first('SELECT 1 AS found FROM experiments WHERE name = ?', [update.name])) throw storeErrors.experimentNameTaken(update.name, session.providerId);
    assignments.push('name = ?');
    params.push(update.name);
  }
  if (update.description !== undefined) {
    assignments.push('description = ?');
    params.push(update.description);
  }
  if (assignments.length === 0) return experiment;
  // A creator racing for the name meets the unique index, which the provider reports as CONFLICT.
  await session.run(`UPDATE experiments SET ${assignments.join(', ')} WHERE id = ?`, [...params, id]);
  return requireExperimentRow(session, id);
}

/** Deletes or restores an experiment and its runs (see `MetadataStoreV1.setExperimentLifecycle`). */
export async function setExperimentLifecycle(session: SqlSession, id: string, stage: LifecycleStage, deletedAt: number | null): Promise<Experiment> {
  const experiment = await requireExperimentRow(session, id);
  if (stage === 'deleted') {
    // A new time is later than every run deleted before, which a restore must leave deleted.
    const [latest] = await session.arrays('SELECT MAX(deleted_at) FROM runs WHERE experiment_id = ? AND lifecycle_stage = ?', [id, 'deleted']);
    const latestRunDeletion = latest?.[0] === null || latest?.[0] === undefined ? -Infinity : Number(latest[0]);
    const at = experiment.deletedAt ?? Math.max(deletedAt ?? Date.now(), latestRunDeletion + 1);
    await session.run('UPDATE experiments SET lifecycle_stage = ?, deleted_at = ? WHERE id = ?', ['deleted', at, id]);
    await session.run('UPDATE runs SET lifecycle_stage = ?, deleted_at = ? WHERE experiment_id = ? AND lifecycle_stage = ?', ['deleted', at, id, 'active']);
  } else {
    if (experiment.deletedAt !== null) {
      await session.run('UPDATE runs SET lifecycle_stage = ?, deleted_at = NULL WHERE experiment_id = ? AND lifecycle_stage = ? AND deleted_at = ?', [
        'active',
        id,
        'deleted',
        experiment.deletedAt,
      ]);
    }
    await session.run('UPDATE experiments SET lifecycle_stage = ?, deleted_at = NULL WHERE id = ?', ['active', id]);
  }
  return requireExperimentRow(session, id);
}

/** Upserts tags on an experiment; NOT_FOUND for an unknown id. */
export async function setExperimentTags(session: SqlSession, id: string, tags: Tags): Promise<void> {
  await requireExperiment(session, id);
  await writeTags(session, 'experiment_tags', 'experiment_id', id, tags);
}

/** Removes an experiment's tags by key; NOT_FOUND for an unknown id. */
export async function deleteExperimentTags(session: SqlSession, id: string, keys: readonly string[]): Promise<void> {
  await requireExperiment(session, id);
  await deleteTags(session, 'experiment_tags', 'experiment_id', id, keys);
}

/** Removes tags of a run or experiment by key; absent keys are ignored. */
export async function deleteTags(session: SqlSession, table: 'run_tags' | 'experiment_tags', ownerColumn: 'run_id' | 'experiment_id', ownerId: string, keys: readonly string[]): Promise<void> {
  for (const chunk of chunkForParameters(keys, session.dialect, 1)) {
    await session.run(`DELETE FROM ${table} WHERE ${ownerColumn} = ? AND "key" IN (${placeholderList(chunk.length)})`, [ownerId, ...chunk]);
  }
}

/** The tables holding a run's records, by their run id column; distributions hang off data sets. */
const runTables = ['params', 'metrics', 'latest_metrics', 'metric_block_extremes', 'run_tags', 'confusion_matrices', 'model_schemas', 'package_dependencies'] as const;

/** Removes a deleted run and all its rows; its children lose their parent (see `MetadataStoreV1.purgeRun`). */
export async function purgeRun(session: SqlSession, runId: string): Promise<void> {
  const row = await session.first<{ lifecycle_stage: string }>('SELECT lifecycle_stage FROM runs WHERE id = ?', [runId]);
  if (row === undefined) throw storeErrors.runNotFound(runId, session.providerId);
  if (row.lifecycle_stage !== 'deleted') throw storeErrors.notDeleted('run', runId, session.providerId);
  for (const table of runTables) await session.run(`DELETE FROM ${table} WHERE run_id = ?`, [runId]);
  await session.run('DELETE FROM data_distributions WHERE data_set_id IN (SELECT id FROM data_sets WHERE run_id = ?)', [runId]);
  await session.run('DELETE FROM data_sets WHERE run_id = ?', [runId]);
  await session.run('DELETE FROM run_artifacts WHERE run_id = ?', [runId]);
  await session.run('UPDATE runs SET parent_run_id = NULL WHERE parent_run_id = ?', [runId]);
  await session.run('DELETE FROM runs WHERE id = ?', [runId]);
}

/** Removes a deleted experiment without runs, and its tags. */
export async function purgeExperiment(session: SqlSession, id: string): Promise<void> {
  const experiment = await requireExperimentRow(session, id);
  if (experiment.lifecycleStage !== 'deleted') throw storeErrors.notDeleted('experiment', id, session.providerId);
  const [count] = await session.arrays('SELECT COUNT(*) FROM runs WHERE experiment_id = ?', [id]);
  const runCount = Number(count?.[0] ?? 0);
  if (runCount > 0) throw storeErrors.experimentHasRuns(id, runCount, session.providerId);
  await session.run('DELETE FROM experiment_tags WHERE experiment_id = ?', [id]);
  await session.run('DELETE FROM experiments WHERE id = ?', [id]);
}

/**
 * The distinct param, metric and tag keys of the experiment's runs: three DISTINCT
 * queries, each reading the (run_id, key) primary key of the runs the experiment index
 * selects.
 */
export async function listKeys(session: SqlSession, experimentId: string, lifecycle: LifecycleFilter): Promise<ExperimentKeys> {
  const stage = lifecycleCondition(lifecycle, 'r.lifecycle_stage');
  const keysOf = async (table: 'params' | 'latest_metrics' | 'run_tags') => {
    const rows = await session.arrays(`SELECT DISTINCT t."key" FROM ${table} t WHERE t.run_id IN (SELECT r.id FROM runs r WHERE r.experiment_id = ?${stage.sql})`, [experimentId, ...stage.params]);
    // Sorted here, by code point, whatever the database's collation of a DISTINCT result.
    return rows.map((row) => row[0] as string).sort(compareCodePoints);
  };
  return { params: await keysOf('params'), metrics: await keysOf('latest_metrics'), tags: await keysOf('run_tags') };
}
