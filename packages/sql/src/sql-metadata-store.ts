import {
  deploymentTargetFields,
  experimentFields,
  MLOpsError,
  runFields,
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
  type RunCountQuery,
  type RunSearchQuery,
  type RunUpdate,
  type Tags,
} from '@mlops-ts/core';
import { columnValues, insertSql, toColumn } from './entity-rows.js';
import { readDataSets, writeDataDistribution, writeDataSet } from './queries/data-set-queries.js';
import * as lifecycle from './queries/lifecycle-queries.js';
import { insertMetrics, readMetricHistory } from './queries/metric-queries.js';
import {
  insertRunArtifact,
  readConfusionMatrix,
  readModelSchema,
  readPackageDependencies,
  readRunArtifacts,
  writeConfusionMatrix,
  writeModelSchema,
  writePackageDependencies,
} from './queries/run-record-queries.js';
import { readExperiments, readRuns, requireExperiment, requireRun, writeTags } from './queries/run-queries.js';
import { readSampledMetricHistory } from './queries/sampled-history.js';
import * as rows from './row-mappers.js';
import { migrate, type MigrationTarget } from './schema/migrate.js';
import { searchExperiments } from './search/experiment-search.js';
import { countRuns, searchRuns } from './search/run-search.js';
import type { SqlDatabase, SqlTransactionMode } from './sql-database.js';
import { checkDialect, type SqlDialect } from './sql-dialect.js';
import { SqlSession } from './sql-session.js';
import { SqlRegistry } from './sql-registry.js';

const insertRunSql = insertSql('runs', runFields);

/** What a provider package gives `SqlMetadataStore`. */
export interface SqlMetadataStoreOptions extends MigrationTarget {
  /** The database's dialect. */
  dialect: SqlDialect;
  /** Names the store in messages, e.g. "The SQLite store for '/data/mlops.db'". */
  storeLabel: string;
  /** Opens the database (connections, session settings). The store then migrates it. */
  open(): Promise<SqlDatabase>;
}

/**
 * The relational implementation of `MetadataStoreV1` that the SQLite, PostgreSQL and SQL
 * Server providers share: one schema, one set of migrations and queries, and the filter
 * language compiled to SQL with bound parameters. A provider supplies the dialect and a
 * `SqlDatabase` (connections, transactions, retries, error translation). Each method
 * behaves as documented on `MetadataStoreV1`. The database opens, and migrates, on
 * `connect()` or first use.
 */
export class SqlMetadataStore implements MetadataStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly providerId: string;
  readonly #options: SqlMetadataStoreOptions;
  #opening: Promise<SqlDatabase> | undefined;
  /** The database once opened and migrated; undefined before and after closing. */
  #opened: SqlDatabase | undefined;
  #isClosed = false;
  readonly #registry = new SqlRegistry((mode, work) => this.#transaction(mode, work));

  constructor(options: SqlMetadataStoreOptions) {
    checkDialect(options.dialect);
    this.#options = options;
    this.providerId = options.providerId;
  }

  /** Opens the database and runs pending migrations; other methods call it on first use too. */
  async connect(): Promise<void> {
    await this.#database();
  }

  /** Closes the database. The store cannot be used afterwards. */
  async close(): Promise<void> {
    this.#isClosed = true;
    this.#opened = undefined;
    const opening = this.#opening;
    this.#opening = undefined;
    // A failed open was already reported to whoever awaited it, and left nothing to close.
    if (opening) await opening.then((database) => database.close(), () => undefined);
  }

  async createExperiment(experiment: Experiment): Promise<Experiment> {
    return this.#transaction('write', async (session) => {
      const columns = experimentFields.fields.map((field) => field.column);
      const inserted = await session.run(session.dialect.insertIfAbsent('experiments', columns, ['name']), columnValues(experimentFields, experiment));
      if (inserted > 0) await writeTags(session, 'experiment_tags', 'experiment_id', experiment.id, experiment.tags);
      return (await readExperiments(session, 'WHERE name = ?', [experiment.name]))[0]!;
    });
  }

  async getExperimentById(id: string): Promise<Experiment | null> {
    return this.#transaction('read', async (session) => (await readExperiments(session, 'WHERE id = ?', [id]))[0] ?? null);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    return this.#transaction('read', async (session) => (await readExperiments(session, 'WHERE name = ?', [name]))[0] ?? null);
  }

  async listExperiments(options: LifecycleListOptions = {}): Promise<Experiment[]> {
    const stage = options.lifecycle ?? 'active';
    return this.#transaction('read', (session) => (stage === 'all' ? readExperiments(session) : readExperiments(session, 'WHERE lifecycle_stage = ?', [stage])));
  }

  // Lifecycle: the queries live in queries/lifecycle-queries.ts.
  updateExperiment(id: string, update: ExperimentUpdate): Promise<Experiment> { return this.#transaction('write', (session) => lifecycle.updateExperiment(session, id, update)); }
  setExperimentTags(id: string, tags: Tags): Promise<void> { return this.#transaction('write', (session) => lifecycle.setExperimentTags(session, id, tags)); }
  deleteExperimentTags(id: string, keys: string[]): Promise<void> { return this.#transaction('write', (session) => lifecycle.deleteExperimentTags(session, id, keys)); }
  setExperimentLifecycle(id: string, stage: LifecycleStage, deletedAt: number | null): Promise<Experiment> { return this.#transaction('write', (session) => lifecycle.setExperimentLifecycle(session, id, stage, deletedAt)); }
  purgeExperiment(id: string): Promise<void> { return this.#transaction('write', (session) => lifecycle.purgeExperiment(session, id)); }
  deleteRunTags(runId: string, keys: string[]): Promise<void> { return this.#writeForRun(runId, (session) => lifecycle.deleteTags(session, 'run_tags', 'run_id', runId, keys)); }
  purgeRun(runId: string): Promise<void> { return this.#transaction('write', (session) => lifecycle.purgeRun(session, runId)); }
  listKeys(experimentId: string, options: LifecycleListOptions = {}): Promise<ExperimentKeys> { return this.#transaction('read', (session) => lifecycle.listKeys(session, experimentId, options.lifecycle ?? 'active')); }

  async createRun(run: RunInfo): Promise<void> {
    await this.#transaction('write', async (session) => {
      await requireExperiment(session, run.experimentId);
      if (run.parentRunId !== null) await requireRun(session, run.parentRunId);
      await session.run(insertRunSql, columnValues(runFields, run));
      await writeTags(session, 'run_tags', 'run_id', run.id, run.tags);
    });
  }

  async getRun(id: string): Promise<Run | null> {
    return this.#transaction('read', async (session) => (await readRuns(session, 'id', id))[0] ?? null);
  }

  async listRuns(experimentId: string, options: LifecycleListOptions = {}): Promise<Run[]> {
    return this.#transaction('read', (session) => readRuns(session, 'experiment_id', experimentId, options.lifecycle ?? 'active'));
  }

  async listRunsByGitCommit(gitCommit: string): Promise<Run[]> {
    return this.#transaction('read', (session) => readRuns(session, 'git_commit', gitCommit));
  }

  async updateRun(runId: string, update: RunUpdate): Promise<void> {
    // Only the defined fields of the registry are set (few distinct statements: one per combination).
    const values = update as Readonly<Record<string, unknown>>;
    const fields = runFields.fields.filter((field) => values[field.property] !== undefined);
    // Only a lifecycle change reaches a deleted run.
    const isLifecycleChange = update.lifecycleStage !== undefined;
    await this.#transaction('write', async (session) => {
      if (fields.length === 0) return lifecycle.requireWritableRun(session, runId);
      const assignments = fields.map((field) => `${field.column} = ?`).join(', ');
      const condition = isLifecycleChange ? 'id = ?' : 'id = ? AND lifecycle_stage = ?';
      const params = [...fields.map((field) => toColumn(field, values[field.property])), runId, ...(isLifecycleChange ? [] : ['active'])];
      if ((await session.run(`UPDATE runs SET ${assignments} WHERE ${condition}`, params)) > 0) return;
      if (isLifecycleChange) throw storeErrors.runNotFound(runId, this.providerId);
      await lifecycle.requireWritableRun(session, runId);
    });
  }

  async setRunTags(runId: string, tags: Tags): Promise<void> {
    await this.#writeForRun(runId, (session) => writeTags(session, 'run_tags', 'run_id', runId, tags));
  }

  async searchRuns(query: RunSearchQuery): Promise<RunSearchPage> {
    return this.#transaction('read', (session) => searchRuns(session, query));
  }

  async countRuns(query: RunCountQuery): Promise<number> {
    return this.#transaction('read', (session) => countRuns(session, query));
  }

  async searchExperiments(query: ExperimentSearchQuery): Promise<Experiment[]> {
    return this.#transaction('read', (session) => searchExperiments(session, query));
  }

  async logParams(runId: string, params: Omit<Param, 'runId'>[]): Promise<void> {
    await this.#writeForRun(runId, async (session) => {
      const insert = session.dialect.insertIfAbsent('params', ['run_id', '"key"', 'value'], ['run_id', '"key"']);
      for (const param of params) {
        if ((await session.run(insert, [runId, param.key, param.value])) > 0) continue;
        const stored = await session.first<{ value: string }>('SELECT value FROM params WHERE run_id = ? AND "key" = ?', [runId, param.key]);
        if (stored !== undefined && stored.value !== param.value) {
          // Throwing rolls the whole batch back: nothing of this call is stored.
          throw storeErrors.paramConflict(runId, param.key, stored.value, param.value, this.providerId);
        }
      }
    });
  }

  async logMetrics(metrics: Metric[]): Promise<void> {
    if (metrics.length === 0) return;
    const runIds = new Set<string>();
    for (const metric of metrics) runIds.add(metric.runId);
    const distinctRunIds = [...runIds];
    await this.#transaction('write', async (session) => {
      await lifecycle.requireWritableRuns(session, distinctRunIds);
      await insertMetrics(session, metrics);
    });
  }

  async getMetricHistory(runId: string, key: string, range?: MetricHistoryRange): Promise<Metric[]> {
    return this.#readForRun(runId, (session) => readMetricHistory(session, runId, key, range));
  }

  async getSampledMetricHistory(runId: string, key: string, range: MetricHistoryRange, maxPoints: number): Promise<Metric[]> {
    return this.#readForRun(runId, (session) => readSampledMetricHistory(session, runId, key, range, maxPoints));
  }

  // Records of a run (queries/run-record-queries.ts, data-set-queries.ts).
  async saveConfusionMatrix(matrix: ConfusionMatrix): Promise<void> {
    await this.#writeForRun(matrix.runId, (session) => writeConfusionMatrix(session, matrix));
  }

  async getConfusionMatrix(runId: string): Promise<ConfusionMatrix | null> {
    return this.#readForRun(runId, (session) => readConfusionMatrix(session, runId));
  }

  async saveDataSet(dataSet: DataSet): Promise<void> {
    await this.#writeForRun(dataSet.runId, (session) => writeDataSet(session, dataSet));
  }

  async saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): Promise<void> {
    await this.#writeForRun(runId, (session) => writeDataDistribution(session, runId, dataSetName, distribution));
  }

  async listDataSets(runId: string): Promise<DataSet[]> {
    return this.#readForRun(runId, (session) => readDataSets(session, runId));
  }

  async createRunArtifact(artifact: RunArtifact): Promise<void> {
    await this.#writeForRun(artifact.runId, (session) => insertRunArtifact(session, artifact));
  }

  async getRunArtifact(id: string): Promise<RunArtifact | null> {
    return this.#readOne('SELECT * FROM run_artifacts WHERE id = ?', id, rows.toRunArtifact);
  }

  async listRunArtifacts(runId: string): Promise<RunArtifact[]> {
    return this.#readForRun(runId, (session) => readRunArtifacts(session, runId));
  }

  async saveModelSchema(schema: ModelSchema): Promise<void> {
    await this.#writeForRun(schema.runId, (session) => writeModelSchema(session, schema));
  }

  async getModelSchema(runId: string): Promise<ModelSchema | null> {
    return this.#readForRun(runId, (session) => readModelSchema(session, runId));
  }

  async savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): Promise<void> {
    await this.#writeForRun(runId, (session) => writePackageDependencies(session, runId, dependencies));
  }

  async listPackageDependencies(runId: string): Promise<PackageDependency[]> {
    return this.#readForRun(runId, (session) => readPackageDependencies(session, runId));
  }

  // Registry: one transaction per call, in sql-registry.ts.
  createRegisteredModel(model: RegisteredModel): Promise<RegisteredModel> { return this.#registry.createRegisteredModel(model); }
  getRegisteredModelById(id: string): Promise<RegisteredModel | null> { return this.#registry.getRegisteredModelById(id); }
  getRegisteredModelByName(name: string): Promise<RegisteredModel | null> { return this.#registry.getRegisteredModelByName(name); }
  listRegisteredModels(): Promise<RegisteredModel[]> { return this.#registry.listRegisteredModels(); }
  updateRegisteredModel(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> { return this.#registry.updateRegisteredModel(id, update); }
  setRegisteredModelTags(id: string, tags: Tags, updatedAt: number): Promise<void> { return this.#registry.setRegisteredModelTags(id, tags, updatedAt); }
  deleteRegisteredModelTags(id: string, keys: string[], updatedAt: number): Promise<void> { return this.#registry.deleteRegisteredModelTags(id, keys, updatedAt); }
  deleteRegisteredModel(id: string): Promise<void> { return this.#registry.deleteRegisteredModel(id); }
  createModelVersion(version: NewModelVersion): Promise<ModelVersion> { return this.#registry.createModelVersion(version); }
  getModelVersion(id: string): Promise<ModelVersion | null> { return this.#registry.getModelVersion(id); }
  getModelVersionByNumber(registeredModelId: string, version: number): Promise<ModelVersion | null> { return this.#registry.getModelVersionByNumber(registeredModelId, version); }
  listModelVersions(registeredModelId: string): Promise<ModelVersion[]> { return this.#registry.listModelVersions(registeredModelId); }
  updateModelVersion(id: string, update: { description: string | null }): Promise<void> { return this.#registry.updateModelVersion(id, update); }
  setModelVersionTags(id: string, tags: Tags): Promise<void> { return this.#registry.setModelVersionTags(id, tags); }
  deleteModelVersionTags(id: string, keys: string[]): Promise<void> { return this.#registry.deleteModelVersionTags(id, keys); }
  deleteModelVersion(id: string): Promise<void> { return this.#registry.deleteModelVersion(id); }
  setModelAlias(alias: ModelAlias): Promise<void> { return this.#registry.setModelAlias(alias); }
  deleteModelAlias(registeredModelId: string, alias: string): Promise<void> { return this.#registry.deleteModelAlias(registeredModelId, alias); }
  getModelVersionByAlias(registeredModelId: string, alias: string): Promise<ModelVersion | null> { return this.#registry.getModelVersionByAlias(registeredModelId, alias); }
  searchModelVersions(query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> { return this.#registry.searchModelVersions(query); }
  searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> { return this.#registry.searchRegisteredModels(query); }
  createDeployment(deployment: Deployment): Promise<void> { return this.#registry.createDeployment(deployment); }
  listDeployments(query: DeploymentQuery): Promise<Deployment[]> { return this.#registry.listDeployments(query); }
  deleteDeploymentTarget(id: string): Promise<void> { return this.#registry.deleteDeploymentTarget(id); }

  async createDeploymentTarget(target: DeploymentTarget): Promise<DeploymentTarget> {
    return this.#transaction('write', async (session) => {
      const sql = session.dialect.insertIfAbsent('deployment_targets', deploymentTargetFields.fields.map((field) => field.column), ['name']);
      await session.run(sql, columnValues(deploymentTargetFields, target));
      return rows.toDeploymentTarget((await session.first<rows.Row>('SELECT * FROM deployment_targets WHERE name = ?', [target.name]))!);
    });
  }

  async getDeploymentTargetById(id: string): Promise<DeploymentTarget | null> {
    return this.#readOne('SELECT * FROM deployment_targets WHERE id = ?', id, rows.toDeploymentTarget);
  }

  async getDeploymentTargetByName(name: string): Promise<DeploymentTarget | null> {
    return this.#readOne('SELECT * FROM deployment_targets WHERE name = ?', name, rows.toDeploymentTarget);
  }

  async listDeploymentTargets(): Promise<DeploymentTarget[]> {
    return this.#transaction('read', async (session) =>
      (await session.all<rows.Row>('SELECT * FROM deployment_targets ORDER BY created_at, id')).map(rows.toDeploymentTarget),
    );
  }

  /** The open, migrated database, opened on first use. */
  #database(): Promise<SqlDatabase> {
    if (this.#isClosed) {
      return Promise.reject(
        new MLOpsError('UNAVAILABLE', `${this.#options.storeLabel} is closed. Build a new context (or create a new store) to keep working.`, {
          providerId: this.providerId,
        }),
      );
    }
    this.#opening ??= this.#open().catch((error: unknown) => {
      this.#opening = undefined; // let a later call try again (e.g. once the server is up)
      throw error;
    });
    return this.#opening;
  }

  async #open(): Promise<SqlDatabase> {
    const database = await this.#options.open();
    try {
      await migrate(database, this.#options.dialect, this.#options);
    } catch (error) {
      await database.close().catch(() => undefined);
      throw error;
    }
    if (!this.#isClosed) this.#opened = database;
    return database;
  }

  async #transaction<T>(mode: SqlTransactionMode, work: (session: SqlSession) => Promise<T>): Promise<T> {
    // Once open, skip awaiting the opening promise: one tick less on every call.
    const database = this.#opened ?? (await this.#database());
    return database.transaction(mode, (executor) => work(new SqlSession(executor, this.#options.dialect, this.providerId)));
  }

  async #readOne<Row extends object, Entity>(sql: string, key: string, map: (row: Row) => Entity): Promise<Entity | null> {
    return this.#transaction('read', async (session) => {
      const row = await session.first<Row>(sql, [key]);
      return row === undefined ? null : map(row);
    });
  }

  /** Runs `work` in a read transaction after checking that the run exists (NOT_FOUND otherwise). */
  async #readForRun<T>(runId: string, work: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.#transaction('read', async (session) => {
      await requireRun(session, runId);
      return work(session);
    });
  }

  /** Runs `work` in a write transaction after checking that the run exists (NOT_FOUND otherwise) and is not deleted (CONFLICT). */
  async #writeForRun(runId: string, work: (session: SqlSession) => Promise<void>): Promise<void> {
    await this.#transaction('write', async (session) => {
      await lifecycle.requireWritableRun(session, runId);
      await work(session);
    });
  }
}
