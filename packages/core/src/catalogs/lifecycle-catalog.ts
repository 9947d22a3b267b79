import type { Experiment, ExperimentKeys, LifecycleFilter, ModelSchema, PackageDependency, Run, RunStatus, Tags, TensorSpec } from '../spec/v1/index.js';
import { runStatuses } from '../spec/v1/run.js';
import { MLOpsError } from '../errors.js';
import { experimentFields } from '../fields/experiment-fields.js';
import { runFields } from '../fields/run-fields.js';
import { uuidv7 } from '../ids.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { ModelRepositoryV1 } from '../spec/v1/model-repository.js';
import { storeErrors } from '../store-errors.js';
import { checkLifecycleFilter, withLifecycleFilter } from '../search/lifecycle-filter.js';
import { describe, limits, validateId, validateName, validateTags, validateValue } from '../validation.js';
import {
  searchExperiments,
  searchRuns,
  type SearchExperimentsOptions,
  type SearchRunsOptions,
  type SearchRunsResult,
} from '../search/search-runs.js';
import { searchRunsInStore } from '../search/store-search.js';
import type { CapturedRunContext } from '../run-context/capture-run-context.js';
import type { MetricLogger } from './metric-logger.js';
import * as changes from './lifecycle-changes.js';
import { purge, type PurgeOptions, type PurgeResult } from './lifecycle-purge.js';
import { readInstalledDependencies } from './package-dependencies.js';
import { compareRuns, listKeys, type RunComparison } from './run-comparison.js';
import { requireRun, resolveExperiment, type ExperimentRef } from './resolve.js';

export interface CreateExperimentOptions {
  description?: string;
  tags?: Tags;
}

export interface CreateRunOptions {
  /**
   * Commit the model was trained from, so `getRunByCommit` finds the run. Default: the
   * commit captured from the working folder or CI build (unless `captureRunContext: false`).
   */
  gitCommit?: string;
  name?: string;
  tags?: Tags;
  /** Makes this a child run (e.g. one trial of a hyper-parameter sweep). */
  parentRunId?: string;
}

export interface BestRunOptions {
  /** 'maximize' for accuracy-like metrics, 'minimize' for losses. */
  goal: 'maximize' | 'minimize';
  /** Which runs compete: `active` (default), `deleted` or `all`. */
  lifecycle?: LifecycleFilter;
}

/** Options of lists that can include deleted items. */
export interface LifecycleOptions {
  /** Which items: `active` (default), `deleted` or `all`. */
  lifecycle?: LifecycleFilter;
}

/** The tag where `withRun` records the error that failed a run. */
export const runErrorTag = 'mlops.error';

/** Experiments, runs, their status and timing, model schemas and package dependencies. */
export class LifecycleCatalog {
  constructor(
    private readonly store: MetadataStoreV1,
    /** Where `purge` removes the blobs of purged runs. */
    private readonly repository: ModelRepositoryV1,
    private readonly createLogger: (runId: string) => MetricLogger,
    /** Reads the run context for `createRun`; absent when the builder turned capture off. */
    private readonly captureRunContext?: () => Promise<CapturedRunContext>,
  ) {}

  /** Creates an experiment, or returns the existing one with that name. CONFLICT when that one is deleted. */
  async createExperiment(name: string, options: CreateExperimentOptions = {}): Promise<Experiment> {
    validateName('experiment name', name, limits.experimentName);
    const description = options.description ?? null;
    if (description !== null) validateValue('experiment description', description, limits.paramValue);
    const stored = await this.store.createExperiment({ ...experimentFields.defaults, id: uuidv7(), name, description, tags: validateTags(options.tags), createdAt: Date.now() });
    if (stored.lifecycleStage === 'deleted') throw storeErrors.experimentDeleted(name, this.store.providerId);
    return stored;
  }

  /** The experiment with this id or name. Throws NOT_FOUND. */
  getExperiment(idOrName: ExperimentRef): Promise<Experiment> {
    return resolveExperiment(this.store, idOrName);
  }

  /** The experiments, oldest first: active ones unless `lifecycle` says `deleted` or `all`. */
  async getExperiments(options: LifecycleOptions = {}): Promise<Experiment[]> {
    return this.store.listExperiments({ lifecycle: checkLifecycleFilter(options?.lifecycle) });
  }

  /**
   * Starts a run (status 'running'), creating the experiment by name if needed. Records
   * the run context (reserved `mlops.*` tags, `gitCommit`, package dependencies) unless
   * the builder says `captureRunContext: false`; the caller's tags win over captured ones.
   */
  async createRun(experiment: ExperimentRef, options: CreateRunOptions = {}): Promise<Run> {
    // Read while the experiment is resolved; capture never rejects.
    const capturing = this.captureRunContext?.();
    const found = await this.findOrCreateExperiment(experiment);
    if (found.lifecycleStage === 'deleted') throw storeErrors.experimentDeleted(found.name, this.store.providerId);
    const name = options.name === undefined ? null : validateName('run name', options.name);
    const gitCommit = options.gitCommit === undefined ? null : validateName('git commit', options.gitCommit);
    const parentRunId = options.parentRunId === undefined ? null : (await requireRun(this.store, options.parentRunId)).id;
    const run = {
      ...runFields.defaults,
      id: uuidv7(),
      experimentId: found.id,
      name,
      status: 'running' as const,
      startTime: Date.now(),
      gitCommit,
      parentRunId,
      tags: validateTags(options.tags),
    };
    const captured = await capturing;
    if (captured !== undefined) {
      run.gitCommit ??= captured.gitCommit ?? null;
      run.tags = { ...captured.tags, ...run.tags };
    }
    await this.store.createRun(run);
    if (captured !== undefined && captured.packageDependencies.length > 0) await this.store.savePackageDependencies(run.id, captured.packageDependencies);
    return { ...run, params: {}, metrics: {} };
  }

  /** The run with its params, latest metrics and tags. Throws NOT_FOUND. */
  getRun(runId: string): Promise<Run> {
    return requireRun(this.store, runId);
  }

  /** The latest run trained from this git commit. Throws NOT_FOUND. */
  async getRunByCommit(gitCommit: string): Promise<Run> {
    validateName('git commit', gitCommit);
    const runs = await this.store.listRunsByGitCommit(gitCommit);
    const latest = runs.at(-1);
    if (!latest) {
      throw new MLOpsError('NOT_FOUND', `No run was created with git commit '${gitCommit}'. Runs record the commit of their working folder unless the builder says captureRunContext: false; otherwise pass { gitCommit } to lifecycle.createRun().`, {
        providerId: this.store.providerId,
      });
    }
    return latest;
  }

  /** The experiment's runs, oldest first: active ones unless `lifecycle` says `deleted` or `all`. */
  async getRuns(experiment: ExperimentRef, options: LifecycleOptions = {}): Promise<Run[]> {
    const lifecycle = checkLifecycleFilter(options?.lifecycle);
    return this.store.listRuns((await resolveExperiment(this.store, experiment)).id, { lifecycle });
  }

  /** Ends a run with a status (default 'finished') and sets its end time. */
  async endRun(runId: string, status: RunStatus = 'finished'): Promise<Run> {
    if (!runStatuses.includes(status)) {
      throw new MLOpsError('INVALID_ARGUMENT', `Run status ${describe(status)} is not one of ${runStatuses.join(', ')}. Pass one of those.`);
    }
    validateId('run', runId);
    await this.store.updateRun(runId, { status, endTime: Date.now() });
    return requireRun(this.store, runId);
  }

  /** Records how long training took; by default the time since the run started. Returns the milliseconds stored. */
  async setTrainingTime(runId: string, trainingTimeMs?: number): Promise<number> {
    let milliseconds = trainingTimeMs;
    if (milliseconds === undefined) {
      milliseconds = Date.now() - (await requireRun(this.store, runId)).startTime;
    } else if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new MLOpsError('INVALID_ARGUMENT', `Training time ${describe(milliseconds)} is not a non-negative number of milliseconds. Pass e.g. performance.now() - start.`);
    }
    validateId('run', runId);
    await this.store.updateRun(runId, { trainingTimeMs: milliseconds });
    return milliseconds;
  }

  /**
   * The run of the experiment with the best latest value of a metric: a search for
   * `metrics.<name> IS NOT NULL` ordered by the metric, limit 1. NaN is not a value here
   * (a diverged run is never the best); ±Infinity are. Ties go to the earliest-created
   * run (smallest id). Throws NOT_FOUND when no run has a non-NaN value for the metric.
   */
  async getBestRun(experiment: ExperimentRef, metricName: string, options: BestRunOptions = { goal: 'maximize' }): Promise<Run> {
    validateName('metric name', metricName);
    if (options.goal !== 'maximize' && options.goal !== 'minimize') {
      throw new MLOpsError('INVALID_ARGUMENT', `Goal ${describe(options.goal)} is not 'maximize' or 'minimize'. Pass { goal: 'maximize' } or { goal: 'minimize' }.`);
    }
    const lifecycle = checkLifecycleFilter(options.lifecycle);
    const experimentId = (await resolveExperiment(this.store, experiment)).id;
    const metric = { kind: 'metric', key: metricName } as const;
    // NaN sorts after every number in both directions, so a NaN on top means no number exists.
    const { runs } = await searchRunsInStore(this.store, {
      experimentIds: [experimentId],
      filter: withLifecycleFilter({ kind: 'null-check', field: metric, negated: true }, lifecycle),
      orderBy: [{ field: metric, direction: options.goal === 'maximize' ? 'desc' : 'asc' }],
      limit: 1,
      offset: 0,
    });
    const best = runs[0];
    if (!best || Number.isNaN(best.metrics[metricName])) {
      throw new MLOpsError('NOT_FOUND', `No run of experiment '${experiment}' has a value for metric '${metricName}'. Log it with evaluation.logMetric() first.`, {
        providerId: this.store.providerId,
      });
    }
    return best;
  }

  /**
   * Finds runs by a filter over metrics, params, tags and attributes, in pages.
   *
   * @throws MLOpsError INVALID_ARGUMENT for a filter, orderBy, limit or page token that is
   *   not valid (with the position and a fix); NOT_FOUND for an unknown experiment.
   * @example
   * const { runs, nextPageToken } = await mlops.lifecycle.searchRuns({
   *   experiment: 'iris',
   *   filter: "metrics.accuracy > 0.9 and params.optimizer = 'adam'",
   *   orderBy: ['metrics.accuracy DESC'],
   *   limit: 10,
   * });
   */
  searchRuns(options: SearchRunsOptions = {}): Promise<SearchRunsResult> {
    return searchRuns(this.store, options);
  }

  /**
   * Finds experiments by name, description, creation time and tags, e.g.
   * `{ filter: "name LIKE 'iris%' and tags.team = 'vision'", orderBy: ['name'] }`.
   */
  searchExperiments(options: SearchExperimentsOptions = {}): Promise<Experiment[]> {
    return searchExperiments(this.store, options);
  }

  // ---------------------------------------------------------------- delete, restore, purge, rename, tags (lifecycle-changes.ts, lifecycle-purge.ts)

  /** Soft-deletes an experiment with its active runs (one `deletedAt`); hidden from lists and searches until restored. */
  deleteExperiment(experiment: ExperimentRef): Promise<Experiment> {
    return changes.deleteExperiment(this.store, experiment);
  }

  /** Restores a deleted experiment and exactly the runs its delete took (runs deleted on their own stay deleted). */
  restoreExperiment(experiment: ExperimentRef): Promise<Experiment> {
    return changes.restoreExperiment(this.store, experiment);
  }

  /** Renames an experiment (runs, registry and blobs follow: they refer to its id). CONFLICT when the name is taken. */
  renameExperiment(experiment: ExperimentRef, newName: string): Promise<Experiment> {
    return changes.renameExperiment(this.store, experiment, newName);
  }

  /** Adds or replaces tags on an experiment (other tags are kept); returns the experiment. */
  setExperimentTags(experiment: ExperimentRef, tags: Tags): Promise<Experiment> {
    return changes.setExperimentTags(this.store, experiment, tags);
  }

  /** Removes tags from an experiment (absent keys are ignored); returns the experiment. */
  deleteExperimentTags(experiment: ExperimentRef, keys: string[]): Promise<Experiment> {
    return changes.deleteExperimentTags(this.store, experiment, keys);
  }

  /** Soft-deletes a run: hidden from lists and searches, `getRun` still returns it, writes are CONFLICT until restored. */
  deleteRun(runId: string): Promise<Run> {
    return changes.deleteRun(this.store, runId);
  }

  /** Restores a deleted run. CONFLICT while its experiment is deleted. */
  restoreRun(runId: string): Promise<Run> {
    return changes.restoreRun(this.store, runId);
  }

  /** Sets a run's display name (null clears it). */
  setRunName(runId: string, name: string | null): Promise<Run> {
    return changes.setRunName(this.store, runId, name);
  }

  /** Removes tags from a run (absent keys are ignored). */
  deleteRunTags(runId: string, keys: string[]): Promise<void> {
    return changes.deleteRunTags(this.store, runId, keys);
  }

  /**
   * Removes deleted runs and experiments for good, with their metrics, params, tags, data
   * sets and artifacts (blobs included); see `PurgeOptions` and the README.
   */
  purge(options: PurgeOptions = {}): Promise<PurgeResult> {
    return purge(this.store, this.repository, options);
  }

  /** Runs side by side: params (differing keys marked), latest metrics with deltas against the first run, tags. */
  compareRuns(runIds: string[]): Promise<RunComparison> {
    return compareRuns(this.store, runIds);
  }

  /** The distinct param, metric and tag keys of an experiment's runs (for column pickers). */
  listKeys(experiment: ExperimentRef, options: LifecycleOptions = {}): Promise<ExperimentKeys> {
    return listKeys(this.store, experiment, options);
  }

  /** Adds or replaces tags on a run (other tags are kept). */
  async setTags(runId: string, tags: Tags): Promise<void> {
    validateId('run', runId);
    await this.store.setRunTags(runId, validateTags(tags));
  }

  /** Records the model's input and output tensors for the run. */
  async registerModelSchema(runId: string, schema: { inputs: TensorSpec[]; outputs: TensorSpec[] }): Promise<ModelSchema> {
    validateId('run', runId);
    const stored: ModelSchema = { runId, inputs: validateTensorSpecs('inputs', schema?.inputs), outputs: validateTensorSpecs('outputs', schema?.outputs) };
    await this.store.saveModelSchema(stored);
    return stored;
  }

  /** The run's model schema. Throws NOT_FOUND when none was registered. */
  async getModelSchema(runId: string): Promise<ModelSchema> {
    await requireRun(this.store, runId);
    const schema = await this.store.getModelSchema(runId);
    if (!schema) {
      throw new MLOpsError('NOT_FOUND', `Run '${runId}' has no model schema. Register one with lifecycle.registerModelSchema(runId, { inputs, outputs }).`, {
        providerId: this.store.providerId,
      });
    }
    return schema;
  }

  /**
   * Records the packages the model was trained with. Without `dependencies`, reads the
   * nearest package.json and the installed version of each dependency.
   */
  async logPackageDependencies(
    runId: string,
    dependencies?: Record<string, string> | { name: string; version: string }[],
  ): Promise<PackageDependency[]> {
    validateId('run', runId);
    const list = dependencies === undefined
      ? await readInstalledDependencies()
      : Array.isArray(dependencies)
        ? dependencies
        : Object.entries(dependencies).map(([name, version]) => ({ name, version }));
    const clean = list.map(({ name, version }) => ({
      name: validateName('package name', name),
      version: validateValue(`version of package '${name}'`, String(version), limits.name),
    }));
    await this.store.savePackageDependencies(runId, clean);
    return clean.map((dependency) => ({ runId, ...dependency }));
  }

  /** The packages recorded for the run. */
  async getPackageDependencies(runId: string): Promise<PackageDependency[]> {
    await requireRun(this.store, runId);
    return this.store.listPackageDependencies(runId);
  }

  /**
   * Runs `train` inside a new run, handing it a background metric logger for the run.
   * Then flushes the logger, records training time and ends the run 'finished'; or, if
   * `train` throws, ends it 'failed' with the error under the 'mlops.error' tag and rethrows.
   * @example
   * const accuracy = await mlops.lifecycle.withRun('iris', async (run, logger) => {
   *   for (let epoch = 0; epoch < 10; epoch++) logger.logMetric('loss', train(), { step: epoch });
   *   return evaluate();
   * });
   */
  async withRun<T>(experiment: ExperimentRef, train: (run: Run, logger: MetricLogger) => Promise<T> | T, options: CreateRunOptions = {}): Promise<T> {
    const run = await this.createRun(experiment, options);
    const logger = this.createLogger(run.id);
    let result: T;
    try {
      result = await train(run, logger);
      await logger.close();
    } catch (error) {
      await logger.close().catch(() => undefined);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await this.setTags(run.id, { [runErrorTag]: message.slice(0, limits.tagValue) });
      await this.setTrainingTime(run.id);
      await this.endRun(run.id, 'failed');
      throw error;
    }
    await this.setTrainingTime(run.id);
    await this.endRun(run.id, 'finished');
    return result;
  }

  private async findOrCreateExperiment(experiment: ExperimentRef): Promise<Experiment> {
    try {
      return await resolveExperiment(this.store, experiment);
    } catch (error) {
      if (!MLOpsError.hasCode(error, 'NOT_FOUND')) throw error;
      return this.createExperiment(experiment);
    }
  }
}

function validateTensorSpecs(kind: string, specs: unknown): TensorSpec[] {
  if (!Array.isArray(specs)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Model schema ${kind} ${describe(specs)} is not an array. Pass [{ name, elementType, shape }].`);
  }
  return specs.map((spec: TensorSpec, index) => {
    validateName(`name of ${kind}[${index}]`, spec?.name);
    validateName(`element type of ${kind}[${index}]`, spec.elementType);
    if (!Array.isArray(spec.shape) || !spec.shape.every((dim) => dim === null || typeof dim === 'string' || (Number.isInteger(dim) && dim >= -1))) {
      throw new MLOpsError('INVALID_ARGUMENT', `The shape of ${kind} '${spec.name}' is not a list of dimensions. Use whole numbers, or -1, a string or null for a variable dimension, e.g. [-1, 4].`);
    }
    // -1 is how MLflow and TensorFlow write a variable dimension; stored as null.
    return { name: spec.name, elementType: spec.elementType, shape: spec.shape.map((dim) => (dim === -1 ? null : dim)) };
  });
}
