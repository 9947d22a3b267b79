import type {
  ConfusionMatrix,
  DataDistribution,
  DataSet,
  Deployment,
  DeploymentQuery,
  DeploymentTarget,
  Experiment,
  ExperimentKeys,
  ExperimentUpdate,
  LifecycleListOptions,
  LifecycleStage,
  Metric,
  ModelSchema,
  PackageDependency,
  ModelAlias,
  ModelVersion,
  ModelVersionSearchPage,
  ModelVersionSearchQuery,
  NewModelVersion,
  Param,
  RegisteredModel,
  RegisteredModelSearchPage,
  RegisteredModelSearchQuery,
  RegisteredModelUpdate,
  Run,
  RunArtifact,
  RunInfo,
  Tags,
} from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { runFields } from '../fields/run-fields.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { MetricHistoryRange } from '../spec/v1/metric-history-range.js';
import type { RunUpdate } from '../spec/v1/run-update.js';
import type { ExperimentSearchQuery } from '../spec/v1/experiment-search-query.js';
import type { RunSearchPage } from '../spec/v1/run-search-page.js';
import type { RunSearchQuery } from '../spec/v1/run-search-query.js';
import { evaluateExperimentSearch, evaluateRunSearch } from '../search/search-evaluator.js';
import { isInLifecycle } from '../search/lifecycle-filter.js';
import { storeErrors } from '../store-errors.js';
import { InMemoryRegistry } from './in-memory-registry.js';
import {
  byCreatedAtThenId,
  byMetricOrder,
  byStartTimeThenId,
  compareText,
  copy,
  latestMetricPerKey,
  type StoredMetric,
} from './in-memory-ordering.js';
import { InMemoryLifecycle, type InMemoryStoredRun } from './in-memory-lifecycle.js';
import { InMemoryRunRecords } from './in-memory-run-records.js';

const providerId = 'memory';

/** A run as the in-memory store keeps it: its row, params and every metric point. */
type StoredRun = InMemoryStoredRun;

/**
 * A metadata store that keeps everything in process memory (lost on exit). It is the
 * reference semantics of `MetadataStoreV1`: every other store must behave the same way
 * (the conformance kit in `@mlops-ts/provider-tests` checks it).
 *
 * Objects go in and come out as deep copies, so a caller mutating a returned object
 * never changes what is stored.
 *
 * @example
 * const mlops = await new MLOpsBuilder().useInMemoryMetadataStore().build();
 */
export class InMemoryMetadataStore implements MetadataStoreV1 {
  /** Always 'v1'. */
  readonly specificationVersion = 'v1' as const;
  /** 'memory'. */
  readonly providerId = providerId;

  readonly #experiments = new Map<string, Experiment>();
  readonly #runs = new Map<string, StoredRun>();
  readonly #confusionMatrices = new Map<string, ConfusionMatrix>();
  readonly #dataSets = new Map<string, DataSet[]>();
  readonly #artifacts = new Map<string, RunArtifact>();
  readonly #modelSchemas = new Map<string, ModelSchema>();
  readonly #packageDependencies = new Map<string, PackageDependency[]>();
  readonly #deploymentTargets = new Map<string, DeploymentTarget>();
  readonly #registry = new InMemoryRegistry(
    {
      requireRun: (runId) => void this.#requireRun(runId),
      requireRunArtifact: (runArtifactId) => {
        if (!this.#artifacts.has(runArtifactId)) throw storeErrors.artifactNotFound(runArtifactId, providerId);
      },
      requireDeploymentTarget: (targetId) => {
        if (!this.#deploymentTargets.has(targetId)) throw storeErrors.deploymentTargetNotFound(targetId, providerId);
      },
    },
    providerId,
  );
  #metricSequence = 0;
  // Concerns kept in files of their own, over the maps above.
  readonly #lifecycle = new InMemoryLifecycle(
    {
      experiments: this.#experiments,
      runs: this.#runs,
      deleteRunRecords: (runId) => this.#runRecords.deleteRun(runId),
    },
    providerId,
  );
  readonly #runRecords = new InMemoryRunRecords(
    { confusionMatrices: this.#confusionMatrices, dataSets: this.#dataSets, artifacts: this.#artifacts, modelSchemas: this.#modelSchemas, packageDependencies: this.#packageDependencies },
    this.#lifecycle,
    providerId,
  );

  // ---------------------------------------------------------------- experiments

  async createExperiment(experiment: Experiment): Promise<Experiment> {
    const existing = this.#findExperimentByName(experiment.name);
    if (existing) return copy(existing);
    if (this.#experiments.has(experiment.id)) throw duplicateId('An experiment', experiment.id);
    this.#experiments.set(experiment.id, copy(experiment));
    return copy(experiment);
  }

  async getExperimentById(id: string): Promise<Experiment | null> {
    const experiment = this.#experiments.get(id);
    return experiment ? copy(experiment) : null;
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const experiment = this.#findExperimentByName(name);
    return experiment ? copy(experiment) : null;
  }

  async listExperiments(options?: LifecycleListOptions): Promise<Experiment[]> {
    return this.#lifecycle.listExperiments(options);
  }

  // ---------------------------------------------------------------- lifecycle (in-memory-lifecycle.ts)

  async updateExperiment(id: string, update: ExperimentUpdate): Promise<Experiment> { return this.#lifecycle.updateExperiment(id, update); }
  async setExperimentTags(id: string, tags: Tags): Promise<void> { this.#lifecycle.setExperimentTags(id, tags); }
  async deleteExperimentTags(id: string, keys: string[]): Promise<void> { this.#lifecycle.deleteExperimentTags(id, keys); }
  async setExperimentLifecycle(id: string, stage: LifecycleStage, deletedAt: number | null): Promise<Experiment> { return this.#lifecycle.setExperimentLifecycle(id, stage, deletedAt); }
  async purgeExperiment(id: string): Promise<void> { this.#lifecycle.purgeExperiment(id); }
  async deleteRunTags(runId: string, keys: string[]): Promise<void> { this.#lifecycle.deleteRunTags(runId, keys); }
  async purgeRun(runId: string): Promise<void> { this.#lifecycle.purgeRun(runId); }
  async listKeys(experimentId: string, options?: LifecycleListOptions): Promise<ExperimentKeys> { return this.#lifecycle.listKeys(experimentId, options); }
  // ---------------------------------------------------------------- runs

  async createRun(run: RunInfo): Promise<void> {
    if (!this.#experiments.has(run.experimentId)) throw storeErrors.experimentNotFound(run.experimentId, providerId);
    if (run.parentRunId !== null && !this.#runs.has(run.parentRunId)) throw storeErrors.runNotFound(run.parentRunId, providerId);
    if (this.#runs.has(run.id)) throw duplicateId('A run', run.id);
    this.#runs.set(run.id, { info: copy(run), params: new Map(), metrics: [] });
  }

  async getRun(id: string): Promise<Run | null> {
    const run = this.#runs.get(id);
    return run ? toRun(run) : null;
  }

  async listRuns(experimentId: string, options: LifecycleListOptions = {}): Promise<Run[]> {
    return this.#listRunsWhere((run) => run.info.experimentId === experimentId && isInLifecycle(run.info.lifecycleStage, options.lifecycle));
  }

  async listRunsByGitCommit(gitCommit: string): Promise<Run[]> {
    return this.#listRunsWhere((run) => run.info.gitCommit === gitCommit);
  }

  async updateRun(runId: string, update: RunUpdate): Promise<void> {
    const values = update as Readonly<Record<string, unknown>>;
    // Only a lifecycle change reaches a deleted run.
    const info = (update.lifecycleStage === undefined ? this.#lifecycle.requireWritableRun(runId) : this.#requireRun(runId)).info as unknown as Record<string, unknown>;
    // Every field of the registry the update defines; other properties are not run fields.
    for (const field of runFields.fields) if (values[field.property] !== undefined) info[field.property] = values[field.property];
  }

  async setRunTags(runId: string, tags: Tags): Promise<void> {
    const { info } = this.#lifecycle.requireWritableRun(runId);
    info.tags = { ...info.tags, ...copy(tags) };
  }

  // ---------------------------------------------------------------- search (the reference semantics)

  async searchRuns(query: RunSearchQuery): Promise<RunSearchPage> {
    const experimentIds = new Set(query.experimentIds);
    // Evaluate over uncopied views; only the page is copied out.
    const views: Run[] = [];
    for (const run of this.#runs.values()) {
      if (experimentIds.has(run.info.experimentId)) {
        views.push({ ...run.info, params: Object.fromEntries(run.params), metrics: latestMetricPerKey(run.metrics) });
      }
    }
    const page = evaluateRunSearch(views, query);
    return { ...page, runs: page.runs.map(copy) };
  }

  async searchExperiments(query: ExperimentSearchQuery): Promise<Experiment[]> {
    return evaluateExperimentSearch([...this.#experiments.values()], query).map(copy);
  }

  // ---------------------------------------------------------------- params and metrics

  async logParams(runId: string, params: Omit<Param, 'runId'>[]): Promise<void> {
    const run = this.#lifecycle.requireWritableRun(runId);
    // Check the whole batch first: a conflict stores nothing.
    const accepted = new Map<string, string>();
    for (const { key, value } of params) {
      const stored = run.params.get(key) ?? accepted.get(key);
      if (stored !== undefined && stored !== value) throw storeErrors.paramConflict(runId, key, stored, value, providerId);
      accepted.set(key, value);
    }
    for (const [key, value] of accepted) run.params.set(key, value);
  }

  async logMetrics(metrics: Metric[]): Promise<void> {
    // Resolve every run first: an unknown run stores nothing.
    const targets = metrics.map((metric) => this.#lifecycle.requireWritableRun(metric.runId));
    metrics.forEach((metric, index) => {
      targets[index]!.metrics.push({ ...metric, sequence: ++this.#metricSequence });
    });
  }

  async getMetricHistory(runId: string, key: string, range: MetricHistoryRange = {}): Promise<Metric[]> {
    const run = this.#requireRun(runId);
    return run.metrics
      .filter((point) => point.key === key)
      .filter((point) => range.startStep === undefined || point.step >= range.startStep)
      .filter((point) => range.endStep === undefined || point.step <= range.endStep)
      .sort(byMetricOrder)
      .map(({ sequence: _sequence, ...metric }) => metric);
  }

  // ---------------------------------------------------------------- evaluation, data, schema, dependencies, artifacts (in-memory-run-records.ts)

  async saveConfusionMatrix(matrix: ConfusionMatrix): Promise<void> { this.#runRecords.saveConfusionMatrix(matrix); }
  async getConfusionMatrix(runId: string): Promise<ConfusionMatrix | null> { return this.#runRecords.getConfusionMatrix(runId); }
  async saveDataSet(dataSet: DataSet): Promise<void> { this.#runRecords.saveDataSet(dataSet); }
  async saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): Promise<void> { this.#runRecords.saveDataDistribution(runId, dataSetName, distribution); }
  async listDataSets(runId: string): Promise<DataSet[]> { return this.#runRecords.listDataSets(runId); }
  async saveModelSchema(schema: ModelSchema): Promise<void> { this.#runRecords.saveModelSchema(schema); }
  async getModelSchema(runId: string): Promise<ModelSchema | null> { return this.#runRecords.getModelSchema(runId); }
  async savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): Promise<void> { this.#runRecords.savePackageDependencies(runId, dependencies); }
  async listPackageDependencies(runId: string): Promise<PackageDependency[]> { return this.#runRecords.listPackageDependencies(runId); }
  async createRunArtifact(artifact: RunArtifact): Promise<void> { this.#runRecords.createRunArtifact(artifact); }
  async getRunArtifact(id: string): Promise<RunArtifact | null> { return this.#runRecords.getRunArtifact(id); }
  async listRunArtifacts(runId: string): Promise<RunArtifact[]> { return this.#runRecords.listRunArtifacts(runId); }
  // ---------------------------------------------------------------- registry (in-memory-registry.ts)

  createRegisteredModel(model: RegisteredModel): Promise<RegisteredModel> {
    return this.#registry.createRegisteredModel(model);
  }

  getRegisteredModelById(id: string): Promise<RegisteredModel | null> {
    return this.#registry.getRegisteredModelById(id);
  }

  getRegisteredModelByName(name: string): Promise<RegisteredModel | null> {
    return this.#registry.getRegisteredModelByName(name);
  }

  listRegisteredModels(): Promise<RegisteredModel[]> {
    return this.#registry.listRegisteredModels();
  }

  updateRegisteredModel(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> {
    return this.#registry.updateRegisteredModel(id, update);
  }

  setRegisteredModelTags(id: string, tags: Tags, updatedAt: number): Promise<void> {
    return this.#registry.setRegisteredModelTags(id, tags, updatedAt);
  }

  deleteRegisteredModelTags(id: string, keys: string[], updatedAt: number): Promise<void> {
    return this.#registry.deleteRegisteredModelTags(id, keys, updatedAt);
  }

  deleteRegisteredModel(id: string): Promise<void> {
    return this.#registry.deleteRegisteredModel(id);
  }

  createModelVersion(version: NewModelVersion): Promise<ModelVersion> {
    return this.#registry.createModelVersion(version);
  }

  getModelVersion(id: string): Promise<ModelVersion | null> {
    return this.#registry.getModelVersion(id);
  }

  getModelVersionByNumber(registeredModelId: string, version: number): Promise<ModelVersion | null> {
    return this.#registry.getModelVersionByNumber(registeredModelId, version);
  }

  listModelVersions(registeredModelId: string): Promise<ModelVersion[]> {
    return this.#registry.listModelVersions(registeredModelId);
  }

  updateModelVersion(id: string, update: { description: string | null }): Promise<void> {
    return this.#registry.updateModelVersion(id, update);
  }

  setModelVersionTags(id: string, tags: Tags): Promise<void> {
    return this.#registry.setModelVersionTags(id, tags);
  }

  deleteModelVersionTags(id: string, keys: string[]): Promise<void> {
    return this.#registry.deleteModelVersionTags(id, keys);
  }

  deleteModelVersion(id: string): Promise<void> {
    return this.#registry.deleteModelVersion(id);
  }

  setModelAlias(alias: ModelAlias): Promise<void> {
    return this.#registry.setModelAlias(alias);
  }

  deleteModelAlias(registeredModelId: string, alias: string): Promise<void> {
    return this.#registry.deleteModelAlias(registeredModelId, alias);
  }

  getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null> {
    return this.#registry.getModelVersionByAlias(registeredModelId, alias);
  }

  searchModelVersions(query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> {
    return this.#registry.searchModelVersions(query);
  }

  searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> {
    return this.#registry.searchRegisteredModels(query);
  }

  createDeployment(deployment: Deployment): Promise<void> {
    return this.#registry.createDeployment(deployment);
  }

  listDeployments(query: DeploymentQuery): Promise<Deployment[]> {
    return this.#registry.listDeployments(query);
  }

  async deleteDeploymentTarget(id: string): Promise<void> {
    if (!this.#deploymentTargets.has(id)) throw storeErrors.deploymentTargetNotFound(id, providerId);
    this.#registry.deleteDeploymentsOfTarget(id);
    this.#deploymentTargets.delete(id);
  }

  // ---------------------------------------------------------------- deployments

  async createDeploymentTarget(target: DeploymentTarget): Promise<DeploymentTarget> {
    const existing = [...this.#deploymentTargets.values()].find((stored) => stored.name === target.name);
    if (existing) return copy(existing);
    if (this.#deploymentTargets.has(target.id)) throw duplicateId('A deployment target', target.id);
    this.#deploymentTargets.set(target.id, copy(target));
    return copy(target);
  }

  async getDeploymentTargetById(id: string): Promise<DeploymentTarget | null> {
    const target = this.#deploymentTargets.get(id);
    return target ? copy(target) : null;
  }

  async getDeploymentTargetByName(name: string): Promise<DeploymentTarget | null> {
    const target = [...this.#deploymentTargets.values()].find((stored) => stored.name === name);
    return target ? copy(target) : null;
  }

  async listDeploymentTargets(): Promise<DeploymentTarget[]> {
    return [...this.#deploymentTargets.values()].sort(byCreatedAtThenId).map(copy);
  }

  // ---------------------------------------------------------------- helpers

  #findExperimentByName(name: string): Experiment | undefined {
    for (const experiment of this.#experiments.values()) if (experiment.name === name) return experiment;
    return undefined;
  }

  #requireRun(runId: string): StoredRun {
    return this.#lifecycle.requireRun(runId);
  }

  #listRunsWhere(predicate: (run: StoredRun) => boolean): Run[] {
    return [...this.#runs.values()]
      .filter(predicate)
      .sort((a, b) => byStartTimeThenId(a.info, b.info))
      .map(toRun);
  }
}

function toRun(run: StoredRun): Run {
  return { ...copy(run.info), params: Object.fromEntries(run.params), metrics: latestMetricPerKey(run.metrics) };
}

function duplicateId(what: string, id: string): MLOpsError {
  return new MLOpsError('CONFLICT', `${what} with id '${id}' is already stored. Generate a fresh id (uuidv7()) for each new record.`, {
    providerId,
  });
}
