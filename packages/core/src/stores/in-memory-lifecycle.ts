import { isInLifecycle } from '../search/lifecycle-filter.js';
import { compareCodePoints } from '../search/search-ordering.js';
import type { Experiment, ExperimentKeys, ExperimentUpdate, LifecycleListOptions, LifecycleStage, RunInfo, Tags } from '../spec/v1/index.js';
import { storeErrors } from '../store-errors.js';
import { byCreatedAtThenId, copy, type StoredMetric } from './in-memory-ordering.js';

/** A run as the in-memory store keeps it: its row, params and every metric point. */
export interface InMemoryStoredRun {
  info: RunInfo;
  params: Map<string, string>;
  metrics: StoredMetric[];
}

/** What the lifecycle operations reach of the in-memory store. */
export interface InMemoryLifecycleState {
  readonly experiments: Map<string, Experiment>;
  readonly runs: Map<string, InMemoryStoredRun>;
  /** Forgets a run's confusion matrix, data sets, artifacts, schema and dependencies. */
  deleteRunRecords(runId: string): void;
}

/**
 * The in-memory store's lifecycle operations (the reference semantics): experiment
 * updates and tags, delete and restore, purge, run tag deletion and key listing.
 */
export class InMemoryLifecycle {
  constructor(
    private readonly state: InMemoryLifecycleState,
    private readonly providerId: string,
  ) {}

  requireExperiment(id: string): Experiment {
    const experiment = this.state.experiments.get(id);
    if (!experiment) throw storeErrors.experimentNotFound(id, this.providerId);
    return experiment;
  }

  requireRun(runId: string): InMemoryStoredRun {
    const run = this.state.runs.get(runId);
    if (!run) throw storeErrors.runNotFound(runId, this.providerId);
    return run;
  }

  /** The run, unless it is deleted (CONFLICT). */
  requireWritableRun(runId: string): InMemoryStoredRun {
    const run = this.requireRun(runId);
    if (run.info.lifecycleStage === 'deleted') throw storeErrors.runDeleted(runId, this.providerId);
    return run;
  }

  listExperiments(options: LifecycleListOptions = {}): Experiment[] {
    return [...this.state.experiments.values()].filter((experiment) => isInLifecycle(experiment.lifecycleStage, options.lifecycle)).sort(byCreatedAtThenId).map(copy);
  }

  updateExperiment(id: string, update: ExperimentUpdate): Experiment {
    const experiment = this.requireExperiment(id);
    if (update.name !== undefined) {
      for (const other of this.state.experiments.values()) {
        if (other.id !== id && other.name === update.name) throw storeErrors.experimentNameTaken(update.name, this.providerId);
      }
      experiment.name = update.name;
    }
    if (update.description !== undefined) experiment.description = update.description;
    return copy(experiment);
  }

  setExperimentTags(id: string, tags: Tags): void {
    const experiment = this.requireExperiment(id);
    experiment.tags = { ...experiment.tags, ...copy(tags) };
  }

  deleteExperimentTags(id: string, keys: readonly string[]): void {
    const experiment = this.requireExperiment(id);
    experiment.tags = withoutKeys(experiment.tags, keys);
  }

  setExperimentLifecycle(id: string, stage: LifecycleStage, deletedAt: number | null): Experiment {
    const experiment = this.requireExperiment(id);
    const runs = [...this.state.runs.values()].filter((run) => run.info.experimentId === id);
    if (stage === 'deleted') {
      // An experiment deleted before keeps its time, so its runs keep one time in common;
      // a new time is later than every run deleted before, which a restore must leave deleted.
      const at = experiment.deletedAt ?? laterThanDeletedRuns(deletedAt ?? Date.now(), runs.map((run) => run.info));
      Object.assign(experiment, { lifecycleStage: 'deleted', deletedAt: at });
      for (const { info } of runs) if (info.lifecycleStage === 'active') Object.assign(info, { lifecycleStage: 'deleted', deletedAt: at });
    } else {
      for (const { info } of runs) {
        if (info.lifecycleStage === 'deleted' && info.deletedAt === experiment.deletedAt) Object.assign(info, { lifecycleStage: 'active', deletedAt: null });
      }
      Object.assign(experiment, { lifecycleStage: 'active', deletedAt: null });
    }
    return copy(experiment);
  }

  purgeExperiment(id: string): void {
    const experiment = this.requireExperiment(id);
    if (experiment.lifecycleStage !== 'deleted') throw storeErrors.notDeleted('experiment', id, this.providerId);
    const runCount = [...this.state.runs.values()].filter((run) => run.info.experimentId === id).length;
    if (runCount > 0) throw storeErrors.experimentHasRuns(id, runCount, this.providerId);
    this.state.experiments.delete(id);
  }

  deleteRunTags(runId: string, keys: readonly string[]): void {
    const { info } = this.requireWritableRun(runId);
    info.tags = withoutKeys(info.tags, keys);
  }

  purgeRun(runId: string): void {
    const run = this.requireRun(runId);
    if (run.info.lifecycleStage !== 'deleted') throw storeErrors.notDeleted('run', runId, this.providerId);
    for (const child of this.state.runs.values()) if (child.info.parentRunId === runId) child.info.parentRunId = null;
    this.state.deleteRunRecords(runId);
    this.state.runs.delete(runId);
  }

  listKeys(experimentId: string, options: LifecycleListOptions = {}): ExperimentKeys {
    const params = new Set<string>();
    const metrics = new Set<string>();
    const tags = new Set<string>();
    for (const run of this.state.runs.values()) {
      if (run.info.experimentId !== experimentId || !isInLifecycle(run.info.lifecycleStage, options.lifecycle)) continue;
      for (const key of run.params.keys()) params.add(key);
      for (const point of run.metrics) metrics.add(point.key);
      for (const key of Object.keys(run.info.tags)) tags.add(key);
    }
    const sorted = (keys: Set<string>) => [...keys].sort(compareCodePoints);
    return { params: sorted(params), metrics: sorted(metrics), tags: sorted(tags) };
  }
}

function withoutKeys(tags: Tags, keys: readonly string[]): Tags {
  const removed = new Set(keys);
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !removed.has(key)));
}

/** `at`, or 1 ms past the latest deletion among `runs` when that is not earlier. */
function laterThanDeletedRuns(at: number, runs: readonly RunInfo[]): number {
  let latest = at - 1;
  for (const run of runs) if (run.lifecycleStage === 'deleted' && run.deletedAt !== null && run.deletedAt > latest) latest = run.deletedAt;
  return latest + 1;
}
