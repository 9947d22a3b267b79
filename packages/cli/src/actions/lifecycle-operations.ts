import { MLOpsError, type Experiment, type MLOpsContext, type Run, type RunStatus, type SearchRunsOptions, type SearchRunsResult } from '@mlops-ts/core';
import { optionalOperation } from './optional-operation.js';

// Soft deletion, renames, experiment tags, purge, run comparison and key listing come with the
// core's lifecycle operations. The command is built so that each is called only where the core
// at hand has it, and says so (UNSUPPORTED) where it has not.

/** Which items a list shows. */
export type LifecycleFilter = 'active' | 'deleted' | 'all';

/** What the lifecycle operations add to experiments and runs. */
export interface LifecycleFields {
  lifecycleStage?: 'active' | 'deleted';
  deletedAt?: number | null;
}

/** Values of one key in each compared run, as `lifecycle.compareRuns` gives them. */
export interface ComparedValues<Value> {
  key: string;
  values: (Value | null)[];
  differs: boolean;
}

/** `lifecycle.compareRuns`'s result. */
export interface RunComparison {
  runs: ({ id: string; name: string | null; status: RunStatus; startTime: number; trainingTimeMs: number | null } & LifecycleFields)[];
  params: ComparedValues<string>[];
  metrics: (ComparedValues<number> & { deltas: (number | null)[] })[];
  tags: ComparedValues<string>[];
}

/** The lifecycle operations, by name. */
export interface LifecycleOperations {
  renameExperiment(experiment: string, newName: string): Promise<Experiment>;
  deleteExperiment(experiment: string): Promise<Experiment>;
  restoreExperiment(experiment: string): Promise<Experiment>;
  setExperimentTags(experiment: string, tags: Record<string, string>): Promise<Experiment>;
  deleteExperimentTags(experiment: string, keys: string[]): Promise<Experiment>;
  deleteRun(runId: string): Promise<Run>;
  restoreRun(runId: string): Promise<Run>;
  purge(options: { olderThanMs?: number; experiment?: string }): Promise<{ runs: string[]; experiments: string[]; blobs: number }>;
  compareRuns(runIds: string[]): Promise<RunComparison>;
  listKeys(experiment: string): Promise<{ params: string[]; metrics: string[]; tags: string[] }>;
}

/** The lifecycle operation `name` of this context's core, bound. @throws MLOpsError UNSUPPORTED when the core has none. */
export function lifecycleOperation<Name extends keyof LifecycleOperations>(mlops: MLOpsContext, name: Name): LifecycleOperations[Name] {
  return optionalOperation<LifecycleOperations, Name>(mlops.lifecycle, 'lifecycle', name);
}

function hasLifecycleStages(mlops: MLOpsContext): boolean {
  return typeof (mlops.lifecycle as unknown as Partial<LifecycleOperations>).deleteRun === 'function';
}

function checkFilter(mlops: MLOpsContext, lifecycle: LifecycleFilter): { lifecycle?: LifecycleFilter } {
  if (hasLifecycleStages(mlops)) return { lifecycle };
  if (lifecycle !== 'active') throw new MLOpsError('UNSUPPORTED', `This @mlops-ts/core has no deleted items to list (--lifecycle ${lifecycle}). Update @mlops-ts/core and @mlops-ts/cli together.`);
  return {};
}

type ListingCatalog = {
  getExperiments(options?: { lifecycle?: LifecycleFilter }): Promise<(Experiment & LifecycleFields)[]>;
  getRuns(experiment: string, options?: { lifecycle?: LifecycleFilter }): Promise<(Run & LifecycleFields)[]>;
  searchRuns(options: SearchRunsOptions & { lifecycle?: LifecycleFilter }): Promise<SearchRunsResult>;
};

/** `lifecycle.getExperiments` with a lifecycle filter. */
export function getExperiments(mlops: MLOpsContext, lifecycle: LifecycleFilter): Promise<(Experiment & LifecycleFields)[]> {
  return (mlops.lifecycle as unknown as ListingCatalog).getExperiments(checkFilter(mlops, lifecycle));
}

/** `lifecycle.getRuns` with a lifecycle filter. */
export function getRuns(mlops: MLOpsContext, experiment: string, lifecycle: LifecycleFilter): Promise<(Run & LifecycleFields)[]> {
  return (mlops.lifecycle as unknown as ListingCatalog).getRuns(experiment, checkFilter(mlops, lifecycle));
}

/** `lifecycle.searchRuns` with a lifecycle filter. */
export function searchRuns(mlops: MLOpsContext, options: SearchRunsOptions, lifecycle: LifecycleFilter): Promise<SearchRunsResult> {
  return (mlops.lifecycle as unknown as ListingCatalog).searchRuns({ ...options, ...checkFilter(mlops, lifecycle) });
}

/** The distinct param, metric and tag keys of an experiment's runs: the core's `listKeys`, or read from the runs. */
export async function listKeys(mlops: MLOpsContext, experiment: string): Promise<{ params: string[]; metrics: string[]; tags: string[] }> {
  if (typeof (mlops.lifecycle as unknown as Partial<LifecycleOperations>).listKeys === 'function') return lifecycleOperation(mlops, 'listKeys')(experiment);
  const runs = await mlops.lifecycle.getRuns(experiment);
  const keysOf = (records: readonly object[]): string[] => [...new Set(records.flatMap((record) => Object.keys(record)))].sort();
  return { params: keysOf(runs.map((run) => run.params)), metrics: keysOf(runs.map((run) => run.metrics)), tags: keysOf(runs.map((run) => run.tags)) };
}
