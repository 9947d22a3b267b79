import {
  MLOpsError,
  storeErrors,
  type ConfusionMatrix,
  type DataDistribution,
  type DataSet,
  type Deployment,
  type DeploymentTarget,
  type Experiment,
  type MetadataStoreV1,
  type Metric,
  type MetricHistoryRange,
  type ModelSchema,
  type PackageDependency,
  type Param,
  type RegisteredModel,
  type Run,
  type RunArtifact,
  type RunInfo,
  type RunUpdate,
  type Tags,
} from '@mlops-ts/core';
import { readDataSets, writeDataDistribution, writeDataSet } from './data-set-queries.js';
import { insertMetrics, readMetricHistory } from './metric-queries.js';
import { insertDeployment, insertRegisteredModel } from './registry-queries.js';
import * as rows from './row-mappers.js';
import { readRuns, requireExperiment, requireRun } from './run-queries.js';
import { SQLiteConnection } from './sqlite-connection.js';
import { sqliteProviderId } from './sqlite-errors.js';
import { resolveSQLiteOptions, type SQLiteOptions } from './sqlite-options.js';

/**
 * A metadata store in one SQLite file (better-sqlite3), safe for several processes
 * writing to the same file: WAL mode, `BEGIN IMMEDIATE` write transactions and retries
 * while another process holds the lock. Opening the store runs pending migrations.
 * Each method behaves as documented on `MetadataStoreV1`.
 *
 * @example
 * const store = new SQLiteMetadataStore({ path: 'mlops/mlops.db' });
 * const mlops = await new MLOpsBuilder().useMetadataStore(store).build();
 */
export class SQLiteMetadataStore implements MetadataStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly providerId = sqliteProviderId;
  /** The absolute path of the database file, resolved when the store is created (or ':memory:'). */
  readonly path: string;
  readonly #busyTimeoutMs: number;
  #opening: Promise<SQLiteConnection> | undefined;
  #isClosed = false;

  /** @throws MLOpsError INVALID_ARGUMENT for an empty path or a negative busy timeout. */
  constructor(options: SQLiteOptions) {
    const resolved = resolveSQLiteOptions(options);
    this.path = resolved.path;
    this.#busyTimeoutMs = resolved.busyTimeoutMs;
  }

  /** Opens the file and runs migrations; other methods call it on first use too. */
  async connect(): Promise<void> {
    await this.#connection();
  }

  /** Closes the connection. The store cannot be used afterwards. */
  async close(): Promise<void> {
    this.#isClosed = true;
    const opening = this.#opening;
    this.#opening = undefined;
    // A failed open was already reported to whoever awaited it, and left nothing to close.
    if (opening) await opening.then((connection) => connection.close(), () => undefined);
  }

  async createExperiment(experiment: Experiment): Promise<Experiment> {
    const connection = await this.#connection();
    return connection.write(() => {
      connection
        .statement(
          'INSERT INTO experiments (id, name, description, tags, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
        )
        .run(experiment.id, experiment.name, experiment.description, rows.toJson(experiment.tags), experiment.createdAt);
      return rows.toExperiment(connection.statement('SELECT * FROM experiments WHERE name = ?').get(experiment.name) as rows.ExperimentRow);
    });
  }

  async getExperimentById(id: string): Promise<Experiment | null> {
    return this.#readOne('SELECT * FROM experiments WHERE id = ?', id, rows.toExperiment);
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    return this.#readOne('SELECT * FROM experiments WHERE name = ?', name, rows.toExperiment);
  }

  async listExperiments(): Promise<Experiment[]> {
    return this.#readAll('SELECT * FROM experiments ORDER BY created_at, id', [], rows.toExperiment);
  }

  async createRun(run: RunInfo): Promise<void> {
    const connection = await this.#connection();
    await connection.write(() => {
      requireExperiment(connection, run.experimentId);
      if (run.parentRunId !== null) requireRun(connection, run.parentRunId);
      connection
        .statement(
          `INSERT INTO runs (id, experiment_id, name, status, start_time, end_time, training_time_ms, git_commit, parent_run_id, tags)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.id,
          run.experimentId,
          run.name,
          run.status,
          run.startTime,
          run.endTime,
          run.trainingTimeMs,
          run.gitCommit,
          run.parentRunId,
          rows.toJson(run.tags),
        );
    });
  }

  async getRun(id: string): Promise<Run | null> {
    const connection = await this.#connection();
    return connection.read(() => readRuns(connection, 'id = ?', id)[0] ?? null);
  }

  async listRuns(experimentId: string): Promise<Run[]> {
    const connection = await this.#connection();
    return connection.read(() => readRuns(connection, 'experiment_id = ?', experimentId));
  }

  async listRunsByGitCommit(gitCommit: string): Promise<Run[]> {
    const connection = await this.#connection();
    return connection.read(() => readRuns(connection, 'git_commit = ?', gitCommit));
  }

  async updateRun(runId: string, update: RunUpdate): Promise<void> {
    // Only the defined fields are set; at most 7 distinct statements, each cached.
    const fields = (
      [
        ['status', update.status],
        ['end_time', update.endTime],
        ['training_time_ms', update.trainingTimeMs],
      ] as const
    ).filter(([, value]) => value !== undefined);
    const connection = await this.#connection();
    await connection.write(() => {
      if (fields.length === 0) return requireRun(connection, runId);
      const assignments = fields.map(([column]) => `${column} = ?`).join(', ');
      const result = connection.statement(`UPDATE runs SET ${assignments} WHERE id = ?`).run(...fields.map(([, value]) => value), runId);
      if (result.changes === 0) throw storeErrors.runNotFound(runId, sqliteProviderId);
    });
  }

  async setRunTags(runId: string, tags: Tags): Promise<void> {
    const connection = await this.#connection();
    await connection.write(() => {
      const result = connection.statement('UPDATE runs SET tags = json_patch(tags, ?) WHERE id = ?').run(rows.toJson(tags), runId);
      if (result.changes === 0) throw storeErrors.runNotFound(runId, sqliteProviderId);
    });
  }

  async logParams(runId: string, params: Omit<Param, 'runId'>[]): Promise<void> {
    const connection = await this.#connection();
    await connection.write(() => {
      requireRun(connection, runId);
      const select = connection.statement('SELECT value FROM params WHERE run_id = ? AND key = ?');
      const insert = connection.statement('INSERT INTO params (run_id, key, value) VALUES (?, ?, ?)');
      for (const param of params) {
        const stored = select.get(runId, param.key) as { value: string } | undefined;
        if (stored === undefined) insert.run(runId, param.key, param.value);
        else if (stored.value !== param.value) {
          // Throwing rolls the whole batch back: nothing of this call is stored.
          throw storeErrors.paramConflict(runId, param.key, stored.value, param.value, sqliteProviderId);
        }
      }
    });
  }

  async logMetrics(metrics: Metric[]): Promise<void> {
    if (metrics.length === 0) return;
    const connection = await this.#connection();
    await connection.write(() => {
      for (const runId of new Set(metrics.map((metric) => metric.runId))) requireRun(connection, runId);
      insertMetrics(connection, metrics);
    });
  }

  async getMetricHistory(runId: string, key: string, range?: MetricHistoryRange): Promise<Metric[]> {
    return this.#readForRun(runId, (connection) => readMetricHistory(connection, runId, key, range));
  }

  async saveConfusionMatrix(matrix: ConfusionMatrix): Promise<void> {
    await this.#writeForRun(matrix.runId, (connection) => {
      connection
        .statement(
          `INSERT INTO confusion_matrices (run_id, labels, counts, precision, recall) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (run_id) DO UPDATE SET labels = excluded.labels, counts = excluded.counts,
             precision = excluded.precision, recall = excluded.recall`,
        )
        .run(matrix.runId, rows.toJson(matrix.labels), rows.toJson(matrix.counts), rows.toJson(matrix.precision), rows.toJson(matrix.recall));
    });
  }

  async getConfusionMatrix(runId: string): Promise<ConfusionMatrix | null> {
    return this.#readForRun(runId, (connection) => {
      const row = connection.statement('SELECT * FROM confusion_matrices WHERE run_id = ?').get(runId) as rows.ConfusionMatrixRow | undefined;
      return row ? rows.toConfusionMatrix(row) : null;
    });
  }

  async saveDataSet(dataSet: DataSet): Promise<void> {
    await this.#writeForRun(dataSet.runId, (connection) => writeDataSet(connection, dataSet));
  }

  async saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): Promise<void> {
    await this.#writeForRun(runId, (connection) => writeDataDistribution(connection, runId, dataSetName, distribution));
  }

  async listDataSets(runId: string): Promise<DataSet[]> {
    return this.#readForRun(runId, (connection) => readDataSets(connection, runId));
  }

  async createRunArtifact(artifact: RunArtifact): Promise<void> {
    await this.#writeForRun(artifact.runId, (connection) => {
      if (connection.statement('SELECT 1 FROM run_artifacts WHERE run_id = ? AND name = ?').get(artifact.runId, artifact.name)) {
        throw storeErrors.artifactExists(artifact.runId, artifact.name, sqliteProviderId);
      }
      connection
        .statement('INSERT INTO run_artifacts (id, run_id, name, size_bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(artifact.id, artifact.runId, artifact.name, artifact.sizeBytes, artifact.sha256, artifact.createdAt);
    });
  }

  async getRunArtifact(id: string): Promise<RunArtifact | null> {
    return this.#readOne('SELECT * FROM run_artifacts WHERE id = ?', id, rows.toRunArtifact);
  }

  async listRunArtifacts(runId: string): Promise<RunArtifact[]> {
    return this.#readForRun(runId, (connection) =>
      (connection.statement('SELECT * FROM run_artifacts WHERE run_id = ? ORDER BY created_at, id').all(runId) as rows.RunArtifactRow[]).map(
        rows.toRunArtifact,
      ),
    );
  }

  async saveModelSchema(schema: ModelSchema): Promise<void> {
    await this.#writeForRun(schema.runId, (connection) => {
      connection
        .statement(
          `INSERT INTO model_schemas (run_id, inputs, outputs) VALUES (?, ?, ?)
           ON CONFLICT (run_id) DO UPDATE SET inputs = excluded.inputs, outputs = excluded.outputs`,
        )
        .run(schema.runId, rows.toJson(schema.inputs), rows.toJson(schema.outputs));
    });
  }

  async getModelSchema(runId: string): Promise<ModelSchema | null> {
    return this.#readForRun(runId, (connection) => {
      const row = connection.statement('SELECT * FROM model_schemas WHERE run_id = ?').get(runId) as rows.ModelSchemaRow | undefined;
      return row ? rows.toModelSchema(row) : null;
    });
  }

  async savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): Promise<void> {
    await this.#writeForRun(runId, (connection) => {
      connection.statement('DELETE FROM package_dependencies WHERE run_id = ?').run(runId);
      const insert = connection.statement('INSERT OR REPLACE INTO package_dependencies (run_id, name, version) VALUES (?, ?, ?)');
      for (const dependency of dependencies) insert.run(runId, dependency.name, dependency.version);
    });
  }

  async listPackageDependencies(runId: string): Promise<PackageDependency[]> {
    return this.#readForRun(runId, (connection) =>
      connection.statement('SELECT run_id, name, version FROM package_dependencies WHERE run_id = ? ORDER BY name').all(runId).map((row) => {
        const { name, version } = row as { name: string; version: string };
        return { runId, name, version };
      }),
    );
  }

  async createRegisteredModel(model: Omit<RegisteredModel, 'version'>): Promise<RegisteredModel> {
    const connection = await this.#connection();
    return connection.write(() => insertRegisteredModel(connection, model));
  }

  async getRegisteredModel(id: string): Promise<RegisteredModel | null> {
    return this.#readOne('SELECT * FROM registered_models WHERE id = ?', id, rows.toRegisteredModel);
  }

  async listRegisteredModels(experimentId: string): Promise<RegisteredModel[]> {
    return this.#readAll('SELECT * FROM registered_models WHERE experiment_id = ? ORDER BY version', [experimentId], rows.toRegisteredModel);
  }

  async createDeploymentTarget(target: DeploymentTarget): Promise<DeploymentTarget> {
    const connection = await this.#connection();
    return connection.write(() => {
      connection
        .statement('INSERT INTO deployment_targets (id, name, is_production, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING')
        .run(target.id, target.name, target.isProduction ? 1 : 0, target.createdAt);
      const row = connection.statement('SELECT * FROM deployment_targets WHERE name = ?').get(target.name) as rows.DeploymentTargetRow;
      return rows.toDeploymentTarget(row);
    });
  }

  async getDeploymentTargetById(id: string): Promise<DeploymentTarget | null> {
    return this.#readOne('SELECT * FROM deployment_targets WHERE id = ?', id, rows.toDeploymentTarget);
  }

  async getDeploymentTargetByName(name: string): Promise<DeploymentTarget | null> {
    return this.#readOne('SELECT * FROM deployment_targets WHERE name = ?', name, rows.toDeploymentTarget);
  }

  async listDeploymentTargets(): Promise<DeploymentTarget[]> {
    return this.#readAll('SELECT * FROM deployment_targets ORDER BY created_at, id', [], rows.toDeploymentTarget);
  }

  async createDeployment(deployment: Deployment): Promise<void> {
    const connection = await this.#connection();
    await connection.write(() => insertDeployment(connection, deployment));
  }

  async listDeployments(experimentId: string): Promise<Deployment[]> {
    return this.#readAll('SELECT * FROM deployments WHERE experiment_id = ? ORDER BY deployed_at, id', [experimentId], rows.toDeployment);
  }

  /** The open connection, opened (and migrated) on first use. */
  #connection(): Promise<SQLiteConnection> {
    if (this.#isClosed) {
      return Promise.reject(
        new MLOpsError(
          'UNAVAILABLE',
          `The SQLite store for '${this.path}' is closed. Build a new context (or create a new SQLiteMetadataStore) to keep working.`,
          { providerId: sqliteProviderId },
        ),
      );
    }
    this.#opening ??= SQLiteConnection.open({ path: this.path, busyTimeoutMs: this.#busyTimeoutMs }).catch((error: unknown) => {
      this.#opening = undefined; // let a later call try again (e.g. after the folder was fixed)
      throw error;
    });
    return this.#opening;
  }

  async #readOne<Row, Entity>(sql: string, key: string, map: (row: Row) => Entity): Promise<Entity | null> {
    const connection = await this.#connection();
    return connection.read(() => {
      const row = connection.statement(sql).get(key) as Row | undefined;
      return row === undefined ? null : map(row);
    });
  }

  async #readAll<Row, Entity>(sql: string, values: unknown[], map: (row: Row) => Entity): Promise<Entity[]> {
    const connection = await this.#connection();
    return connection.read(() => (connection.statement(sql).all(...values) as Row[]).map(map));
  }

  /** Runs `work` in a read transaction after checking that the run exists (NOT_FOUND otherwise). */
  async #readForRun<T>(runId: string, work: (connection: SQLiteConnection) => T): Promise<T> {
    const connection = await this.#connection();
    return connection.read(() => {
      requireRun(connection, runId);
      return work(connection);
    });
  }

  /** Runs `work` in a write transaction after checking that the run exists (NOT_FOUND otherwise). */
  async #writeForRun(runId: string, work: (connection: SQLiteConnection) => void): Promise<void> {
    const connection = await this.#connection();
    await connection.write(() => {
      requireRun(connection, runId);
      work(connection);
    });
  }
}
