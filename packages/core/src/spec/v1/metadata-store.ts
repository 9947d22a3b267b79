import type { ConfusionMatrix } from './confusion-matrix.js';
import type { DataDistribution } from './data-distribution.js';
import type { DataSet } from './data-set.js';
import type { DeploymentTarget } from './deployment-target.js';
import type { Experiment } from './experiment.js';
import type { Metric } from './metric.js';
import type { ModelSchema } from './model-schema.js';
import type { PackageDependency } from './package-dependency.js';
import type { Param } from './param.js';
import type { ModelRegistryStoreV1 } from './model-registry-store.js';
import type { Run, RunInfo } from './run.js';
import type { RunArtifact } from './run-artifact.js';
import type { Tags } from './tags.js';
import type { MetricHistoryRange } from './metric-history-range.js';
import type { RunUpdate } from './run-update.js';
import type { ExperimentSearchQuery } from './experiment-search-query.js';
import type { ExperimentKeys } from './experiment-keys.js';
import type { ExperimentUpdate } from './experiment-update.js';
import type { LifecycleListOptions, LifecycleStage } from './lifecycle-stage.js';
import type { RunSearchPage } from './run-search-page.js';
import type { RunSearchQuery } from './run-search-query.js';
import type { RunCountQuery } from './run-count-query.js';

/**
 * The contract every metadata store implements (version 1).
 *
 * The core validates input, generates ids and timestamps and builds error messages
 * (see `storeErrors`); a store persists and reads. Every method is async. Methods that
 * take a run id throw `MLOpsError('NOT_FOUND')` when the run does not exist.
 *
 * Experiments and runs have a lifecycle stage. Methods that write to a run (tags,
 * params, metrics, confusion matrix, data sets, artifacts, schema, dependencies, and
 * `updateRun` unless it sets `lifecycleStage`) throw `storeErrors.runDeleted` (CONFLICT)
 * when the run is deleted, checked with the write so that no write slips past a delete;
 * reads still return deleted runs and what they hold.
 */
export interface MetadataStoreV1 extends ModelRegistryStoreV1 {
  /** Always 'v1'; the builder refuses versions it does not know. */
  readonly specificationVersion: 'v1';
  /** A short, stable name such as 'sqlite' or 'memory', carried by errors. */
  readonly providerId: string;

  /** Opens connections and runs migrations. Called once by `build()`. Optional. */
  connect?(): Promise<void>;
  /** Releases connections. Called by `MLOpsContext.close()`. Optional. */
  close?(): Promise<void>;

  /**
   * Inserts the experiment, or returns the stored one when the name exists (the input
   * is then ignored). Safe under concurrent calls with the same name.
   */
  createExperiment(experiment: Experiment): Promise<Experiment>;
  /** The experiment with this id, or null. */
  getExperimentById(id: string): Promise<Experiment | null>;
  /** The experiment with this exact name, or null. */
  getExperimentByName(name: string): Promise<Experiment | null>;
  /** The experiments of `options.lifecycle` (default: active ones), oldest first (by createdAt, then id). */
  listExperiments(options?: LifecycleListOptions): Promise<Experiment[]>;
  /**
   * Changes an experiment's name or description and returns the stored experiment.
   * NOT_FOUND for an unknown id; CONFLICT (`storeErrors.experimentNameTaken`) when
   * another experiment has the name, changing nothing. Safe against a concurrent creator
   * of the same name: one of them gets the name.
   */
  updateExperiment(id: string, update: ExperimentUpdate): Promise<Experiment>;
  /** Upserts tags on an experiment (other tags are kept). NOT_FOUND for an unknown id. */
  setExperimentTags(id: string, tags: Tags): Promise<void>;
  /** Removes these tag keys from an experiment; keys it does not have are ignored. NOT_FOUND for an unknown id. */
  deleteExperimentTags(id: string, keys: string[]): Promise<void>;
  /**
   * Deletes (`deleted`) or restores (`active`) an experiment with its runs and returns the
   * stored experiment. Deleting marks the experiment deleted at `deletedAt` (moved past the
   * `deletedAt` of every run of it already deleted, so the two never meet, or kept from an
   * earlier, unfinished delete) and each of its active runs deleted at that same time;
   * restoring restores the runs deleted at the experiment's `deletedAt`, then the
   * experiment, so runs deleted on their own before stay deleted. One transaction where
   * the backend has them; elsewhere each step is safe to repeat, so calling again after a
   * failure half-way finishes the job. NOT_FOUND for an unknown id.
   */
  setExperimentLifecycle(id: string, stage: LifecycleStage, deletedAt: number | null): Promise<Experiment>;
  /**
   * Removes a deleted experiment and its tags for good (its runs must be purged first).
   * CONFLICT when it is active or still has runs; NOT_FOUND for an unknown id.
   */
  purgeExperiment(id: string): Promise<void>;

  /** Inserts a run. Throws NOT_FOUND when its experiment or parent run does not exist. */
  createRun(run: RunInfo): Promise<void>;
  /** The run with params, latest metrics and tags, or null. */
  getRun(id: string): Promise<Run | null>;
  /** Runs of the experiment in `options.lifecycle` (default: active ones), oldest first (by startTime, then id). */
  listRuns(experimentId: string, options?: LifecycleListOptions): Promise<Run[]>;
  /** Runs whose gitCommit equals `gitCommit`, oldest first. */
  listRunsByGitCommit(gitCommit: string): Promise<Run[]>;
  /** Sets the given fields of a run; fields left undefined are unchanged. */
  updateRun(runId: string, update: RunUpdate): Promise<void>;
  /** Upserts tags on a run (other tags are kept). */
  setRunTags(runId: string, tags: Tags): Promise<void>;
  /** Removes these tag keys from a run; keys it does not have are ignored. */
  deleteRunTags(runId: string, keys: string[]): Promise<void>;
  /**
   * Removes a deleted run and everything stored for it (params, metric history and latest
   * values, tags, confusion matrix, data sets and distributions, artifact records, model
   * schema, package dependencies) for good; its child runs stay, with `parentRunId` null.
   * Blobs in the model repository are the core's to remove before this call, after it has
   * checked that no registered model version uses the run. CONFLICT when the run is
   * active, removing nothing; NOT_FOUND for an unknown id.
   */
  purgeRun(runId: string): Promise<void>;
  /**
   * Optional capability: the distinct param, metric and tag keys of the experiment's runs
   * in `options.lifecycle` (default: active ones), each list sorted by code point, computed
   * in the backend (an index-served DISTINCT). When absent, the core reads the runs with
   * `listRuns` and collects the keys itself.
   */
  listKeys?(experimentId: string, options?: LifecycleListOptions): Promise<ExperimentKeys>;
  /**
   * Optional capability: one page of the runs of `query.experimentIds` that match
   * `query.filter`, ordered by `query.orderBy` then id, each with params, latest metrics
   * and tags. Compile the filter natively, binding every key and value as a parameter;
   * the semantics are those of the core's `evaluateRunSearch` (NaN, missing keys, LIKE,
   * ordering), and `@mlops-ts/provider-tests` checks them. When absent, the core reads
   * the experiments' runs with `listRuns` and evaluates the search in memory.
   */
  searchRuns?(query: RunSearchQuery): Promise<RunSearchPage>;
  /**
   * Optional capability: how many runs of `query.experimentIds` (ids up to `query.maxRunId`
   * when set) match `query.filter`, counted in the backend, so a table can size itself and
   * read any page of a large search at once. When absent, the core reads the experiments'
   * runs with `listRuns` and counts in memory.
   */
  countRuns?(query: RunCountQuery): Promise<number>;
  /**
   * Optional capability: the experiments matching `query.filter`, ordered by
   * `query.orderBy` then id (semantics of the core's `evaluateExperimentSearch`). When
   * absent, the core filters `listExperiments` in memory.
   */
  searchExperiments?(query: ExperimentSearchQuery): Promise<Experiment[]>;

  /**
   * Stores params in one transaction. A key already stored with the same value is a
   * no-op; with another value the whole call throws CONFLICT and stores nothing.
   */
  logParams(runId: string, params: Omit<Param, 'runId'>[]): Promise<void>;
  /** Stores metric points in one transaction (all or nothing). Points may span runs. */
  logMetrics(metrics: Metric[]): Promise<void>;
  /** All points of one metric, ordered by step, then timestamp, then insertion. */
  getMetricHistory(runId: string, key: string, range?: MetricHistoryRange): Promise<Metric[]>;
  /**
   * Optional capability: the history down-sampled in the backend to at most `maxPoints`
   * points, with exactly the buckets of the core's `downsampleMetricHistory` (first, last,
   * minimum and maximum point of each of `floor(maxPoints / 4)` equal-width step buckets).
   * When absent, the core reads the range and down-samples it itself.
   */
  getSampledMetricHistory?(runId: string, key: string, range: MetricHistoryRange, maxPoints: number): Promise<Metric[]>;

  /** Stores (replaces) the run's confusion matrix. */
  saveConfusionMatrix(matrix: ConfusionMatrix): Promise<void>;
  /** The run's confusion matrix, or null. */
  getConfusionMatrix(runId: string): Promise<ConfusionMatrix | null>;

  /** Stores a data set; replaces one with the same (runId, name), keeping its distributions only if `dataSet.distributions` is empty. */
  saveDataSet(dataSet: DataSet): Promise<void>;
  /** Upserts one column's distribution on a stored data set. NOT_FOUND when the data set does not exist. */
  saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): Promise<void>;
  /** The run's data sets with their distributions, oldest first. */
  listDataSets(runId: string): Promise<DataSet[]>;

  /** Inserts artifact metadata. CONFLICT when the run already has an artifact of that name. */
  createRunArtifact(artifact: RunArtifact): Promise<void>;
  /** The artifact with this id, or null. */
  getRunArtifact(id: string): Promise<RunArtifact | null>;
  /** The run's artifacts, oldest first. */
  listRunArtifacts(runId: string): Promise<RunArtifact[]>;

  /** Stores (replaces) the run's model schema. */
  saveModelSchema(schema: ModelSchema): Promise<void>;
  /** The run's model schema, or null. */
  getModelSchema(runId: string): Promise<ModelSchema | null>;

  /** Stores (replaces) the run's package dependencies. */
  savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): Promise<void>;
  /** The run's package dependencies, by name. */
  listPackageDependencies(runId: string): Promise<PackageDependency[]>;

  /** Inserts the target, or returns the stored one when the name exists. */
  createDeploymentTarget(target: DeploymentTarget): Promise<DeploymentTarget>;
  /** The target with this id, or null. */
  getDeploymentTargetById(id: string): Promise<DeploymentTarget | null>;
  /** The target with this exact name, or null. */
  getDeploymentTargetByName(name: string): Promise<DeploymentTarget | null>;
  /** All targets, oldest first. */
  listDeploymentTargets(): Promise<DeploymentTarget[]>;
}
