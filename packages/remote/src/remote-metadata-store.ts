import { randomUUID } from 'node:crypto';
import {
  formatFilter,
  formatOrderBy,
  MLOpsError,
  type ConfusionMatrix,
  type DataDistribution,
  type DataSet,
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
  type Run,
  type RunArtifact,
  type RunCountQuery,
  type RunInfo,
  type RunSearchPage,
  type RunSearchQuery,
  type RunUpdate,
  type Tags,
} from '@mlops-ts/core';
import { ApiClient, isPossibleId, segment } from './api-client.js';
import { decodeConfusionMatrix, decodeDataSet, decodeMetric, decodeRun, encodeFloat } from './json-floats.js';
import { normalizeServerUrl, remoteProviderId, resolveRemoteOptions, type RemoteTrackingOptions } from './remote-tracking-options.js';
import { RemoteRegistryStore } from './remote-registry-store.js';

/** Points one metric request carries at most (the server's limit per batch). */
const maxPointsPerRequest = 100_000;

/**
 * A `MetadataStoreV1` whose backend is a tracking server's `/api/v1` (`@mlops-ts/server`):
 * records keep the ids and timestamps this process's core assigns, so everything above the
 * store behaves as with a local one. Calls that are safe to repeat are retried when the
 * server cannot be reached; metric batches carry an idempotency key, so a repeated batch is
 * stored once.
 *
 * @example
 * const store = new RemoteMetadataStore('https://mlops.example.com', { token: process.env.MLOPS_TRACKING_TOKEN });
 */
export class RemoteMetadataStore extends RemoteRegistryStore implements MetadataStoreV1 {
  readonly specificationVersion = 'v1' as const;
  readonly providerId = remoteProviderId;

  /**
   * @param url The server's base URL, such as 'https://mlops.example.com'.
   * @throws MLOpsError INVALID_ARGUMENT for a URL or options that are not valid.
   */
  constructor(url: string, options: RemoteTrackingOptions = {}) {
    super(new ApiClient(normalizeServerUrl(url), resolveRemoteOptions(options)));
  }

  /** The server's base URL. */
  get serverUrl(): string {
    return this.api.serverUrl;
  }

  /** Checks that the server answers and accepts the token (a read of a run that cannot exist). */
  async connect(): Promise<void> {
    await this.api.jsonOrNull({ method: 'GET', path: `/runs/${segment('00000000-0000-7000-8000-000000000000')}`, action: 'connect' });
  }

  async createExperiment(experiment: Experiment): Promise<Experiment> {
    // Insert-or-get by name: safe to repeat.
    return this.api.json({ method: 'POST', path: '/experiments', body: experiment, isIdempotent: true, action: `create experiment '${experiment.name}'` });
  }

  async getExperimentById(id: string): Promise<Experiment | null> {
    if (!isPossibleId(id)) return null;
    return this.api.jsonOrNull({ method: 'GET', path: `/experiments/${segment(id)}`, action: `read experiment '${id}'` });
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    const { experiments } = await this.api.json<{ experiments: Experiment[] }>({ method: 'GET', path: '/experiments', query: { name }, action: `find experiment '${name}'` });
    return experiments[0] ?? null;
  }

  async listExperiments(options: LifecycleListOptions = {}): Promise<Experiment[]> {
    return (await this.api.json<{ experiments: Experiment[] }>({ method: 'GET', path: '/experiments', query: { lifecycle: options.lifecycle }, action: 'list experiments' })).experiments;
  }

  async updateExperiment(id: string, update: ExperimentUpdate): Promise<Experiment> {
    return this.api.json({ method: 'PATCH', path: `/experiments/${segment(id)}`, body: update, action: `update experiment '${id}'` });
  }

  async setExperimentTags(id: string, tags: Tags): Promise<void> {
    await this.api.send({ method: 'PATCH', path: `/experiments/${segment(id)}/tags`, body: { tags }, action: `tag experiment '${id}'` });
  }

  async deleteExperimentTags(id: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return void (await this.api.json({ method: 'GET', path: `/experiments/${segment(id)}`, action: `read experiment '${id}'` }));
    await this.api.send({ method: 'DELETE', path: `/experiments/${segment(id)}/tags`, query: { key: keys }, action: `delete tags of experiment '${id}'` });
  }

  async setExperimentLifecycle(id: string, stage: LifecycleStage, deletedAt: number | null): Promise<Experiment> {
    return this.api.json({ method: 'PUT', path: `/experiments/${segment(id)}/lifecycle`, body: { stage, deletedAt }, action: `set the lifecycle stage of experiment '${id}'` });
  }

  async purgeExperiment(id: string): Promise<void> {
    await this.api.send({ method: 'DELETE', path: `/experiments/${segment(id)}`, action: `purge experiment '${id}'` });
  }

  async createRun(run: RunInfo): Promise<void> {
    // Not idempotent (the id would be taken by the first attempt): sent again only when it never left.
    await this.api.send({ method: 'POST', path: '/runs', body: run, action: `create run '${run.id}'` });
  }

  async getRun(id: string): Promise<Run | null> {
    if (!isPossibleId(id)) return null;
    const run = await this.api.jsonOrNull<Run>({ method: 'GET', path: `/runs/${segment(id)}`, action: `read run '${id}'` });
    return run === null ? null : decodeRun(run);
  }

  async listRuns(experimentId: string, options: LifecycleListOptions = {}): Promise<Run[]> {
    const found = await this.api.jsonOrNull<{ runs: Run[] }>({
      method: 'GET',
      path: `/experiments/${segment(experimentId)}/runs`,
      query: { lifecycle: options.lifecycle },
      action: `list the runs of experiment '${experimentId}'`,
    });
    return (found?.runs ?? []).map(decodeRun);
  }

  async listRunsByGitCommit(gitCommit: string): Promise<Run[]> {
    return (await this.api.json<{ runs: Run[] }>({ method: 'GET', path: '/runs', query: { gitCommit }, action: `list the runs of commit '${gitCommit}'` })).runs.map(decodeRun);
  }

  async updateRun(runId: string, update: RunUpdate): Promise<void> {
    await this.api.send({ method: 'PATCH', path: `/runs/${segment(runId)}`, body: update, action: `update run '${runId}'` });
  }

  async setRunTags(runId: string, tags: Tags): Promise<void> {
    await this.api.send({ method: 'PATCH', path: `/runs/${segment(runId)}/tags`, body: { tags }, action: `tag run '${runId}'` });
  }

  async deleteRunTags(runId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return void (await this.#requireRun(runId));
    await this.api.send({ method: 'DELETE', path: `/runs/${segment(runId)}/tags`, query: { key: keys }, action: `delete tags of run '${runId}'` });
  }

  async purgeRun(runId: string): Promise<void> {
    await this.api.send({ method: 'DELETE', path: `/runs/${segment(runId)}`, action: `purge run '${runId}'` });
  }

  async listKeys(experimentId: string, options: LifecycleListOptions = {}): Promise<ExperimentKeys> {
    return this.api.json({ method: 'GET', path: `/experiments/${segment(experimentId)}/keys`, query: { lifecycle: options.lifecycle }, action: `list the keys of experiment '${experimentId}'` });
  }

  async searchRuns(query: RunSearchQuery): Promise<RunSearchPage> {
    const page = await this.api.json<RunSearchPage>({
      method: 'POST',
      path: '/runs/search-page',
      body: {
        experimentIds: query.experimentIds,
        ...(query.filter === undefined ? {} : { filter: formatFilter(query.filter) }),
        orderBy: formatOrderBy(query.orderBy),
        limit: query.limit,
        offset: query.offset,
        ...(query.maxRunId === undefined ? {} : { maxRunId: query.maxRunId }),
      },
      isIdempotent: true,
      action: 'search runs',
    });
    page.runs = page.runs.map(decodeRun);
    return page;
  }

  async countRuns(query: RunCountQuery): Promise<number> {
    const body = {
      experimentIds: query.experimentIds,
      ...(query.filter === undefined ? {} : { filter: formatFilter(query.filter) }),
      ...(query.maxRunId === undefined ? {} : { maxRunId: query.maxRunId }),
    };
    return (await this.api.json<{ count: number }>({ method: 'POST', path: '/runs/search-count', body, isIdempotent: true, action: 'count runs' })).count;
  }

  async searchExperiments(query: ExperimentSearchQuery): Promise<Experiment[]> {
    const body = { ...(query.filter === undefined ? {} : { filter: formatFilter(query.filter) }), orderBy: formatOrderBy(query.orderBy) };
    return (await this.api.json<{ experiments: Experiment[] }>({ method: 'POST', path: '/experiments/search-page', body, isIdempotent: true, action: 'search experiments' })).experiments;
  }

  async logParams(runId: string, params: Omit<Param, 'runId'>[]): Promise<void> {
    if (params.length === 0) return void (await this.#requireRun(runId));
    // The same value again is a no-op, so a repeat is safe.
    const body = { params: params.map(({ key, value }) => ({ key, value })) };
    await this.api.send({ method: 'POST', path: `/runs/${segment(runId)}/params`, body, isIdempotent: true, action: `log params of run '${runId}'` });
  }

  async logMetrics(metrics: Metric[]): Promise<void> {
    if (metrics.length === 0) return;
    if (metrics.length > maxPointsPerRequest) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `The batch holds ${metrics.length} metric points; a tracking server stores at most ${maxPointsPerRequest} in one transaction. Log them in batches of up to ${maxPointsPerRequest} points.`,
        { providerId: remoteProviderId },
      );
    }
    // Written by hand: a JSON.stringify replacer would slow the largest bodies several times over.
    let jsonText = '{"metrics":[';
    for (let index = 0; index < metrics.length; index++) {
      const { runId, key, value, step, timestamp } = metrics[index]!;
      jsonText += `${index === 0 ? '' : ','}{"runId":${JSON.stringify(runId)},"key":${JSON.stringify(key)},"value":${JSON.stringify(encodeFloat(value))},"step":${step},"timestamp":${timestamp}}`;
    }
    jsonText += ']}';
    // The key makes a repeat of the batch (after a lost answer) a no-op on the server.
    await this.api.send({ method: 'POST', path: '/metrics', jsonText, headers: { 'idempotency-key': randomUUID() }, isIdempotent: true, action: `log ${metrics.length} metric points` });
  }

  async getMetricHistory(runId: string, key: string, range: MetricHistoryRange = {}): Promise<Metric[]> {
    return this.#metricHistory(runId, key, range);
  }

  async getSampledMetricHistory(runId: string, key: string, range: MetricHistoryRange, maxPoints: number): Promise<Metric[]> {
    return this.#metricHistory(runId, key, range, maxPoints);
  }

  async saveConfusionMatrix(matrix: ConfusionMatrix): Promise<void> {
    const { labels, counts, precision, recall } = matrix;
    await this.api.send({ method: 'PUT', path: `/runs/${segment(matrix.runId)}/confusion-matrix`, body: { labels, counts, precision, recall }, action: `store the confusion matrix of run '${matrix.runId}'` });
  }

  async getConfusionMatrix(runId: string): Promise<ConfusionMatrix | null> {
    const matrix = await this.api.jsonOrNull<ConfusionMatrix>({ method: 'GET', path: `/runs/${segment(runId)}/confusion-matrix`, action: `read the confusion matrix of run '${runId}'` });
    if (matrix === null) await this.#requireRun(runId);
    return matrix === null ? null : decodeConfusionMatrix(matrix);
  }

  async saveDataSet(dataSet: DataSet): Promise<void> {
    // Replaces the data set of that name: safe to repeat.
    const { runId, ...body } = dataSet;
    await this.api.send({ method: 'POST', path: `/runs/${segment(runId)}/data-sets`, body, isIdempotent: true, action: `store data set '${dataSet.name}' of run '${runId}'` });
  }

  async saveDataDistribution(runId: string, dataSetName: string, distribution: DataDistribution): Promise<void> {
    await this.api.send({ method: 'PUT', path: `/runs/${segment(runId)}/data-distributions`, body: { dataSetName, distribution }, action: `store a distribution of data set '${dataSetName}'` });
  }

  async listDataSets(runId: string): Promise<DataSet[]> {
    const { dataSets } = await this.api.json<{ dataSets: DataSet[] }>({ method: 'GET', path: `/runs/${segment(runId)}/data-sets`, action: `list the data sets of run '${runId}'` });
    return dataSets.map(decodeDataSet);
  }

  async createRunArtifact(artifact: RunArtifact): Promise<void> {
    // Not idempotent (a repeat is CONFLICT): sent again only when it never left.
    const { runId, ...body } = artifact;
    await this.api.send({ method: 'POST', path: `/runs/${segment(runId)}/artifacts`, body, action: `record artifact '${artifact.name}' of run '${runId}'` });
  }

  async getRunArtifact(id: string): Promise<RunArtifact | null> {
    if (!isPossibleId(id)) return null;
    return this.api.jsonOrNull({ method: 'GET', path: `/artifacts/${segment(id)}`, action: `read artifact '${id}'` });
  }

  async listRunArtifacts(runId: string): Promise<RunArtifact[]> {
    return (await this.api.json<{ artifacts: RunArtifact[] }>({ method: 'GET', path: `/runs/${segment(runId)}/artifacts`, action: `list the artifacts of run '${runId}'` })).artifacts;
  }

  async saveModelSchema(schema: ModelSchema): Promise<void> {
    await this.api.send({ method: 'PUT', path: `/runs/${segment(schema.runId)}/model-schema`, body: { inputs: schema.inputs, outputs: schema.outputs }, action: `store the model schema of run '${schema.runId}'` });
  }

  async getModelSchema(runId: string): Promise<ModelSchema | null> {
    const schema = await this.api.jsonOrNull<ModelSchema>({ method: 'GET', path: `/runs/${segment(runId)}/model-schema`, action: `read the model schema of run '${runId}'` });
    if (schema === null) await this.#requireRun(runId);
    return schema;
  }

  async savePackageDependencies(runId: string, dependencies: Omit<PackageDependency, 'runId'>[]): Promise<void> {
    const body = { dependencies: dependencies.map(({ name, version }) => ({ name, version })) };
    await this.api.send({ method: 'PUT', path: `/runs/${segment(runId)}/package-dependencies`, body, action: `store the package dependencies of run '${runId}'` });
  }

  async listPackageDependencies(runId: string): Promise<PackageDependency[]> {
    return (await this.api.json<{ dependencies: PackageDependency[] }>({ method: 'GET', path: `/runs/${segment(runId)}/package-dependencies`, action: `list the package dependencies of run '${runId}'` })).dependencies;
  }

  async createDeploymentTarget(target: DeploymentTarget): Promise<DeploymentTarget> {
    // Insert-or-get by name: safe to repeat.
    return this.api.json({ method: 'POST', path: '/deployment-targets', body: target, isIdempotent: true, action: `create deployment target '${target.name}'` });
  }

  async getDeploymentTargetById(id: string): Promise<DeploymentTarget | null> {
    if (!isPossibleId(id)) return null;
    return this.api.jsonOrNull({ method: 'GET', path: `/deployment-targets/${segment(id)}`, action: `read deployment target '${id}'` });
  }

  async getDeploymentTargetByName(name: string): Promise<DeploymentTarget | null> {
    const { deploymentTargets } = await this.api.json<{ deploymentTargets: DeploymentTarget[] }>({ method: 'GET', path: '/deployment-targets', query: { name }, action: `find deployment target '${name}'` });
    return deploymentTargets[0] ?? null;
  }

  async listDeploymentTargets(): Promise<DeploymentTarget[]> {
    return (await this.api.json<{ deploymentTargets: DeploymentTarget[] }>({ method: 'GET', path: '/deployment-targets', action: 'list deployment targets' })).deploymentTargets;
  }

  async #metricHistory(runId: string, key: string, range: MetricHistoryRange, maxPoints?: number): Promise<Metric[]> {
    const { metrics } = await this.api.json<{ metrics: Metric[] }>({
      method: 'GET',
      path: `/runs/${segment(runId)}/metric-history`,
      query: { key, startStep: range.startStep, endStep: range.endStep, maxPoints },
      action: `read the history of metric '${key}' of run '${runId}'`,
    });
    return metrics.map(decodeMetric);
  }

  /** NOT_FOUND in the server's words when the run does not exist. */
  async #requireRun(runId: string): Promise<void> {
    await this.api.json({ method: 'GET', path: `/runs/${segment(runId)}`, action: `read run '${runId}'` });
  }
}
