import { CosmosClient, type CosmosClientOptions } from '@azure/cosmos';
import {
  isInLifecycle,
  MLOpsError,
  storeErrors,
  type ConfusionMatrix,
  type DataDistribution,
  type DataSet,
  type Deployment,
  type DeploymentQuery,
  type DeploymentTarget,
  type Experiment,
  type ExperimentKeys,
  type ExperimentSearchQuery,
  type ExperimentUpdate,
  type LifecycleListOptions,
  type LifecycleStage,
  type MetadataStoreV1,
  type Metric,
  type MetricHistoryRange,
  type ModelSchema,
  type PackageDependency,
  type Param,
  type ModelAlias,
  type ModelVersion,
  type ModelVersionSearchPage,
  type ModelVersionSearchQuery,
  type NewModelVersion,
  type RegisteredModel,
  type RegisteredModelSearchPage,
  type RegisteredModelSearchQuery,
  type RegisteredModelUpdate,
  type Run,
  type RunArtifact,
  type RunInfo,
  type RunSearchPage,
  type RunSearchQuery,
  type RunUpdate,
  type Tags,
} from '@mlops-ts/core';
import { legacyRegistryContainerName, openContainers, type StoreContainers } from './cosmos-containers.js';
import { cosmosProviderId } from './cosmos-errors.js';
import { resolveCosmosDbOptions, type CosmosDbConnectionOptions, type ResolvedCosmosDbOptions } from './cosmos-options.js';
import { deploymentTargetNameClaimId, experimentNameClaimId } from './document-ids.js';
import { deleteItem } from './item-access.js';
import { toDeploymentTarget, toExperiment } from './items.js';
import { CosmosLifecycle } from './lifecycle-store.js';
import { NamedCatalog } from './named-catalog.js';
import { toRegisteredModel } from './model-registry-items.js';
import { RegisteredModelRecords } from './registered-model-records.js';
import { searchModelVersions, searchRegisteredModels } from './registry-search.js';
import { RegistryStore } from './registry-store.js';
import { upgradeLegacyRegistry } from './registry-upgrade.js';
import { RunRecords } from './run-records.js';
import { searchExperiments, searchRuns } from './run-search.js';
import { RunStore } from './run-store.js';

/**
 * A metadata store on Azure Cosmos DB for NoSQL. Three containers hold everything:
 * `catalog` (experiments and deployment targets, by `/id`), `runs` (each run and all it
 * holds, by `/runId`) and `models` (registered models with their version counters and
 * aliases, versions and deployments, by `/registeredModelId`). See the package README for the design.
 *
 * `connect()` (called by `build()`) opens, and by default creates, the database and the
 * containers; `close()` releases the client.
 *
 * @example
 * const store = new CosmosMetadataStore({ endpoint, key, databaseId: 'mlops' });
 * const mlops = await new MLOpsBuilder().useMetadataStore(store).build();
 */
export class CosmosMetadataStore implements MetadataStoreV1 {
  /** Always 'v1'. */
  readonly specificationVersion = 'v1' as const;
  /** 'cosmos'. */
  readonly providerId = cosmosProviderId;
  /** The validated options, with defaults filled in (the database id, container prefix …), without the key or credential. */
  readonly options: Readonly<ResolvedCosmosDbOptions>;
  // Holds the key or credential: private, so printing or serializing the store never shows it.
  readonly #clientOptions: CosmosClientOptions;

  #client: CosmosClient | undefined;
  #containers: StoreContainers | undefined;
  #connecting: Promise<void> | undefined;
  // Experiments once seen stay valid until purged (which forgets them here).
  readonly #knownExperimentIds = new Set<string>();

  readonly #experiments = new NamedCatalog<Experiment>(() => this.#container('catalog'), {
    recordType: 'experiment',
    claimType: 'experiment-name',
    claimId: experimentNameClaimId,
    toRecord: toExperiment,
    label: 'An experiment',
  });
  readonly #targets = new NamedCatalog<DeploymentTarget>(() => this.#container('catalog'), {
    recordType: 'deployment-target',
    claimType: 'deployment-target-name',
    claimId: deploymentTargetNameClaimId,
    toRecord: toDeploymentTarget,
    label: 'A deployment target',
  });
  readonly #runs = new RunStore(
    () => this.#container('runs'),
    (experimentId) => this.#requireExperiment(experimentId),
  );
  readonly #runRecords = new RunRecords(
    () => this.#container('runs'),
    (runId) => this.#runs.requireRunItem(runId),
    (runId) => this.#runs.requireWritableRunItem(runId),
  );
  readonly #lifecycle = new CosmosLifecycle(
    () => this.#container('catalog'),
    () => this.#container('runs'),
    this.#runs,
    (id) => this.#knownExperimentIds.delete(id),
  );
  readonly #registeredModels = new RegisteredModelRecords(
    () => this.#container('models'),
    () => this.#container('catalog'),
  );
  readonly #registry = new RegistryStore(() => this.#container('models'), this.#registeredModels, {
    requireRun: (runId) => this.#runs.requireRunItem(runId),
    requireRunArtifact: async (runArtifactId, runId) => {
      const artifact = (await this.#runRecords.getRunArtifact(runArtifactId, runId)) ?? (await this.#runRecords.getRunArtifact(runArtifactId));
      if (!artifact) throw storeErrors.artifactNotFound(runArtifactId, cosmosProviderId);
    },
    requireDeploymentTarget: async (targetId) => {
      if (!(await this.#targets.getById(targetId))) throw storeErrors.deploymentTargetNotFound(targetId, cosmosProviderId);
    },
    // The claim first: a claim always points at an item that exists.
    deleteDeploymentTargetRecord: async (targetId) => {
      const target = await this.#targets.getById(targetId);
      if (!target) throw storeErrors.deploymentTargetNotFound(targetId, cosmosProviderId);
      const claimId = deploymentTargetNameClaimId(target.name);
      await deleteItem(this.#container('catalog'), claimId, claimId, `the name claim of target '${target.name}'`);
      await deleteItem(this.#container('catalog'), targetId, targetId, `deployment target '${targetId}'`);
    },
  });

  /**
   * @throws MLOpsError INVALID_ARGUMENT for options Cosmos DB would refuse (see `CosmosDbConnectionOptions`).
   */
  constructor(options: CosmosDbConnectionOptions) {
    const resolved = resolveCosmosDbOptions(options);
    this.options = resolved.options;
    this.#clientOptions = resolved.clientOptions;
  }

  /** Opens the client, then the database and containers (creating them unless `createIfMissing` is false). */
  async connect(): Promise<void> {
    this.#connecting ??= (async () => {
      const client = new CosmosClient(this.#clientOptions);
      try {
        this.#containers = await openContainers(client, this.options);
        // Items of the first release's registry move into `models` once (see registry-upgrade.ts).
        await upgradeLegacyRegistry(client.database(this.options.databaseId), `${this.options.containerPrefix}${legacyRegistryContainerName}`, this.#containers.models, this.#registeredModels, {
          experiment: (id) => this.#experiments.getById(id),
          artifactName: async (runArtifactId, runId) => (await this.#runRecords.getRunArtifact(runArtifactId, runId))?.name ?? null,
        });
        this.#client = client;
      } catch (error) {
        client.dispose();
        this.#connecting = undefined;
        throw error;
      }
    })();
    await this.#connecting;
  }

  /** Releases the client (its connections and background endpoint refresh). */
  async close(): Promise<void> {
    this.#client?.dispose();
    this.#client = undefined;
    this.#containers = undefined;
    this.#connecting = undefined;
  }

  // ---------------------------------------------------------------- experiments

  async createExperiment(experiment: Experiment): Promise<Experiment> {
    const stored = await this.#experiments.create(experiment);
    this.#knownExperimentIds.add(stored.id);
    return stored;
  }

  getExperimentById(id: string): Promise<Experiment | null> {
    return this.#experiments.getById(id);
  }

  getExperimentByName(name: string): Promise<Experiment | null> {
    return this.#experiments.getByName(name);
  }

  async listExperiments(options: LifecycleListOptions = {}): Promise<Experiment[]> {
    return (await this.#experiments.list()).filter((experiment) => isInLifecycle(experiment.lifecycleStage, options.lifecycle));
  }

  // ---------------------------------------------------------------- lifecycle (lifecycle-store.ts)

  updateExperiment(id: string, update: ExperimentUpdate): Promise<Experiment> {
    return this.#lifecycle.updateExperiment(id, update);
  }

  setExperimentTags(id: string, tags: Tags): Promise<void> {
    return this.#lifecycle.setExperimentTags(id, tags);
  }

  deleteExperimentTags(id: string, keys: string[]): Promise<void> {
    return this.#lifecycle.deleteExperimentTags(id, keys);
  }

  setExperimentLifecycle(id: string, stage: LifecycleStage, deletedAt: number | null): Promise<Experiment> {
    return this.#lifecycle.setExperimentLifecycle(id, stage, deletedAt);
  }

  purgeExperiment(id: string): Promise<void> {
    return this.#lifecycle.purgeExperiment(id);
  }

  deleteRunTags(runId: string, keys: string[]): Promise<void> {
    return this.#lifecycle.deleteRunTags(runId, keys);
  }

  purgeRun(runId: string): Promise<void> {
    return this.#lifecycle.purgeRun(runId);
  }

  listKeys(experimentId: string, options: LifecycleListOptions = {}): Promise<ExperimentKeys> {
    return this.#lifecycle.listKeys(experimentId, options.lifecycle ?? 'active');
  }

  // ---------------------------------------------------------------- runs

  createRun(run: RunInfo): Promise<void> {
    return this.#runs.create(run);
  }

  getRun(id: string): Promise<Run | null> {
    return this.#runs.get(id);
  }

  listRuns(experimentId: string, options: LifecycleListOptions = {}): Promise<Run[]> {
    return this.#runs.listByExperiment(experimentId, options.lifecycle ?? 'active');
  }

  listRunsByGitCommit(gitCommit: string): Promise<Run[]> {
    return this.#runs.listByGitCommit(gitCommit);
  }

  updateRun(runId: string, update: RunUpdate): Promise<void> {
    return this.#runs.update(runId, update);
  }

  setRunTags(runId: string, tags: Tags): Promise<void> {
    return this.#runs.setTags(runId, tags);
  }

  /** A page of matching runs: one candidate query in Cosmos DB, finished by the core's evaluator (see run-search.ts). */
  searchRuns(query: RunSearchQuery): Promise<RunSearchPage> {
    return searchRuns(this.#container('runs'), query);
  }

  /** Matching experiments: one candidate query over the name claims, finished by the core's evaluator. */
  searchExperiments(query: ExperimentSearchQuery): Promise<Experiment[]> {
    return searchExperiments(this.#container('catalog'), query);
  }

  // ---------------------------------------------------------------- params and metrics

  logParams(runId: string, params: Omit<Param, 'runId'>[]): Promise<void> {
    return this.#runs.logParams(runId, params);
  }

  logMetrics(metrics: Metric[]): Promise<void> {
    return this.#runs.logMetrics(metrics);
  }

  getMetricHistory(runId: string, key: string, range?: MetricHistoryRange): Promise<Metric[]> {
    return this.#runs.getMetricHistory(runId, key, range);
  }

  // ---------------------------------------------------------------- evaluation, data, schema, dependencies

  saveConfusionMatrix(matrix: ConfusionMatrix): Promise<void> {
    return this.#runRecords.saveConfusionMatrix(matrix);
  }

  getConfusionMatrix(runId: string): Promise<ConfusionMatrix | null> {
    return this.#runRecords.getConfusionMatrix(runId);
  }

  saveDataSet(dataSet: DataSet): Promise<void> {
    return this.#runRecords.saveDataSet(dataSet);
  }

  saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): Promise<void> {
    return this.#runRecords.saveDataDistribution(runId, dataSetName, distribution);
  }

  listDataSets(runId: string): Promise<DataSet[]> {
    return this.#runRecords.listDataSets(runId);
  }

  createRunArtifact(artifact: RunArtifact): Promise<void> {
    return this.#runRecords.createRunArtifact(artifact);
  }

  getRunArtifact(id: string): Promise<RunArtifact | null> {
    return this.#runRecords.getRunArtifact(id);
  }

  listRunArtifacts(runId: string): Promise<RunArtifact[]> {
    return this.#runRecords.listRunArtifacts(runId);
  }

  saveModelSchema(schema: ModelSchema): Promise<void> {
    return this.#runRecords.saveModelSchema(schema);
  }

  getModelSchema(runId: string): Promise<ModelSchema | null> {
    return this.#runRecords.getModelSchema(runId);
  }

  savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): Promise<void> {
    return this.#runRecords.savePackageDependencies(runId, dependencies);
  }

  listPackageDependencies(runId: string): Promise<PackageDependency[]> {
    return this.#runRecords.listPackageDependencies(runId);
  }

  // ---------------------------------------------------------------- registry (registered-model-records.ts, registry-store.ts, registry-search.ts)

  createRegisteredModel(model: RegisteredModel): Promise<RegisteredModel> { return this.#registeredModels.create(model); }
  getRegisteredModelById(id: string): Promise<RegisteredModel | null> { return this.#registeredModels.getById(id); }
  getRegisteredModelByName(name: string): Promise<RegisteredModel | null> { return this.#registeredModels.getByName(name); }
  async listRegisteredModels(): Promise<RegisteredModel[]> { return (await this.#registeredModels.listItems()).map(toRegisteredModel); }
  updateRegisteredModel(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> { return this.#registeredModels.update(id, update); }
  setRegisteredModelTags(id: string, tags: Tags, updatedAt: number): Promise<void> { return this.#registeredModels.setTags(id, tags, updatedAt); }
  deleteRegisteredModelTags(id: string, keys: string[], updatedAt: number): Promise<void> { return this.#registeredModels.deleteTags(id, keys, updatedAt); }
  deleteRegisteredModel(id: string): Promise<void> { return this.#registeredModels.delete(id); }
  createModelVersion(version: NewModelVersion): Promise<ModelVersion> { return this.#registry.createModelVersion(version); }
  getModelVersion(id: string): Promise<ModelVersion | null> { return this.#registry.getModelVersion(id); }
  getModelVersionByNumber(registeredModelId: string, version: number): Promise<ModelVersion | null> { return this.#registry.getModelVersionByNumber(registeredModelId, version); }
  listModelVersions(registeredModelId: string): Promise<ModelVersion[]> { return this.#registry.listModelVersions(registeredModelId); }
  updateModelVersion(id: string, update: { description: string | null }): Promise<void> { return this.#registry.updateModelVersion(id, update); }
  setModelVersionTags(id: string, tags: Tags): Promise<void> { return this.#registry.setModelVersionTags(id, tags); }
  deleteModelVersionTags(id: string, keys: string[]): Promise<void> { return this.#registry.deleteModelVersionTags(id, keys); }
  deleteModelVersion(id: string): Promise<void> { return this.#registry.deleteModelVersion(id); }
  setModelAlias(alias: ModelAlias): Promise<void> { return this.#registry.setModelAlias(alias); }
  async deleteModelAlias(registeredModelId: string, alias: string): Promise<void> { await this.#registry.deleteModelAlias(registeredModelId, alias); }
  getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null> { return this.#registry.getModelVersionByAlias(registeredModelId, alias); }
  /** A page of versions: one candidate query in Cosmos DB, finished by the core's evaluator (see registry-search.ts). */
  searchModelVersions(query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> { return searchModelVersions(this.#container('models'), query); }
  searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> { return searchRegisteredModels(this.#container('models'), query); }
  createDeployment(deployment: Deployment): Promise<void> { return this.#registry.createDeployment(deployment); }
  listDeployments(query: DeploymentQuery): Promise<Deployment[]> { return this.#registry.listDeployments(query); }
  deleteDeploymentTarget(id: string): Promise<void> { return this.#registry.deleteDeploymentTarget(id); }

  createDeploymentTarget(target: DeploymentTarget): Promise<DeploymentTarget> {
    return this.#targets.create(target);
  }

  getDeploymentTargetById(id: string): Promise<DeploymentTarget | null> {
    return this.#targets.getById(id);
  }

  getDeploymentTargetByName(name: string): Promise<DeploymentTarget | null> {
    return this.#targets.getByName(name);
  }

  listDeploymentTargets(): Promise<DeploymentTarget[]> {
    return this.#targets.list();
  }

  // ---------------------------------------------------------------- helpers

  #container(role: keyof StoreContainers) {
    if (!this.#containers) {
      throw new MLOpsError('UNAVAILABLE', 'The Cosmos DB store is not connected. Build the context with MLOpsBuilder.build(), or call connect() first.', {
        providerId: cosmosProviderId,
      });
    }
    return this.#containers[role];
  }

  async #requireExperiment(experimentId: string): Promise<void> {
    if (this.#knownExperimentIds.has(experimentId)) return;
    if (!(await this.#experiments.getById(experimentId))) throw storeErrors.experimentNotFound(experimentId, cosmosProviderId);
    this.#knownExperimentIds.add(experimentId);
  }
}
