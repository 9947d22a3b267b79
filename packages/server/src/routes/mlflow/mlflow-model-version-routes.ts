import type { MLOpsContext } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordedAuthor } from '../../http/recorded-author.js';
import type { RouteContext } from '../route-context.js';
import { MlflowApiError, noCounterpart } from './mlflow-errors.js';
import { modelVersionSource } from './mlflow-entities.js';
import { MlflowExperimentIds, parseModelSource } from './mlflow-ids.js';
import { maxResultsOf } from './mlflow-paging.js';
import { MlflowRegistryRecords } from './mlflow-registry-records.js';
import { decodeInt64, IdString, Int64, Key, ModelName, PageToken, TagList, tagsOf, VersionValue } from './mlflow-schemas.js';

const hidden = { hide: true } as const;
const VersionRef = Type.Object({ name: ModelName, version: VersionValue });

/** MLflow's model versions: create, get, update, delete, search, download URI, tags; stage transitions have no counterpart. */
export const mlflowModelVersionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const { model: catalog } = mlops;

  app.post('/model-versions/create', {
    schema: {
      ...hidden,
      body: Type.Object({
        name: ModelName,
        source: Type.String({ minLength: 1, maxLength: 4_000 }),
        run_id: Type.Optional(IdString),
        tags: Type.Optional(TagList),
        run_link: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
      }),
    },
    handler: async (request) => {
      const { name, source, run_id: runId, tags, description } = request.body;
      const records = new MlflowRegistryRecords(mlops);
      const model = await records.registeredModel(name);
      const artifact = await registrableArtifactOf(mlops, source, runId);
      const run = await mlops.lifecycle.getRun(artifact.runId);
      // registeredBy is the token's name: a client cannot register in someone else's name.
      const version = await catalog.registerModel(run.experimentId, artifact, recordedAuthor(request, undefined), {
        model: model.name,
        tags: tagsOf(tags),
        ...(description ? { description } : {}),
      });
      return { model_version: await records.versionMessage(version) };
    },
  });

  app.get('/model-versions/get', {
    schema: { ...hidden, querystring: VersionRef },
    handler: async (request) => {
      const records = new MlflowRegistryRecords(mlops);
      return { model_version: await records.versionMessage(await records.modelVersion(request.query.name, request.query.version)) };
    },
  });

  app.patch('/model-versions/update', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, version: VersionValue, description: Type.Optional(Type.String()) }) },
    handler: async (request) => {
      const records = new MlflowRegistryRecords(mlops);
      let version = await records.modelVersion(request.body.name, request.body.version);
      const { description } = request.body;
      if (description !== undefined) version = await catalog.updateModelVersion(version.registeredModelId, version.version, { description: description === '' ? null : description });
      return { model_version: await records.versionMessage(version) };
    },
  });

  app.delete('/model-versions/delete', {
    schema: { ...hidden, body: VersionRef },
    handler: async (request) => {
      const version = await new MlflowRegistryRecords(mlops).modelVersion(request.body.name, request.body.version);
      await catalog.deleteModelVersion(version.registeredModelId, version.version);
      return {};
    },
  });

  app.get('/model-versions/search', {
    schema: {
      ...hidden,
      querystring: Type.Object({
        filter: Type.Optional(Type.String({ maxLength: 10_000 })),
        max_results: Type.Optional(Int64),
        order_by: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
        page_token: Type.Optional(PageToken),
      }),
    },
    handler: async (request) => {
      const query = request.query;
      // MLflow allows 200,000 per page; the core pages by up to 10,000 and the token gives the rest.
      const limit = Math.min(maxResultsOf(query.max_results === undefined ? undefined : decodeInt64(query.max_results), 10_000, 200_000), 10_000);
      const { modelVersions, nextPageToken } = await catalog.searchModelVersions({
        ...(query.filter ? { filter: query.filter } : {}),
        ...(query.order_by?.length ? { orderBy: query.order_by } : {}),
        limit,
        ...(query.page_token ? { pageToken: query.page_token } : {}),
      });
      return { model_versions: await new MlflowRegistryRecords(mlops).versionMessages(modelVersions), ...(nextPageToken ? { next_page_token: nextPageToken } : {}) };
    },
  });

  app.get('/model-versions/get-download-uri', {
    schema: { ...hidden, querystring: VersionRef },
    handler: async (request) => {
      const version = await new MlflowRegistryRecords(mlops).modelVersion(request.query.name, request.query.version);
      const run = await mlops.lifecycle.getRun(version.runId);
      return { artifact_uri: modelVersionSource(version, await new MlflowExperimentIds(mlops).mlflowIdOfCoreId(run.experimentId)) };
    },
  });

  app.post('/model-versions/set-tag', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, version: VersionValue, key: Key, value: Type.String() }) },
    handler: async (request) => {
      const version = await new MlflowRegistryRecords(mlops).modelVersion(request.body.name, request.body.version);
      await catalog.setModelVersionTags(version.registeredModelId, version.version, { [request.body.key]: request.body.value });
      return {};
    },
  });

  app.delete('/model-versions/delete-tag', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, version: VersionValue, key: Key }) },
    handler: async (request) => {
      const version = await new MlflowRegistryRecords(mlops).modelVersion(request.body.name, request.body.version);
      if (version.tags[request.body.key] === undefined) {
        throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `Version ${version.version} of '${version.modelName}' has no tag '${request.body.key}'. Read its tags with model-versions/get.`);
      }
      await catalog.deleteModelVersionTags(version.registeredModelId, version.version, [request.body.key]);
      return {};
    },
  });

  app.post('/model-versions/transition-stage', {
    schema: hidden,
    handler: async () => {
      throw noCounterpart(
        'Moving a model version to a stage (model-versions/transition-stage)',
        "Point an alias at it instead (registered-models/alias, e.g. 'champion'), as MLflow itself recommends since 2.9, or deploy it to a target with @mlops-ts/core's deployment.deployModel().",
      );
    },
  });
};

/** The run artifact (or artifact folder) a version's `source` names, checked against `run_id` when both are given. */
async function registrableArtifactOf(mlops: MLOpsContext, source: string, runId: string | undefined): Promise<{ runId: string; path: string }> {
  const reference = parseModelSource(source);
  let target: { runId: string; path: string };
  if (reference.kind === 'model-version') {
    const version = await mlops.model.resolveModelUri(reference.uri);
    target = { runId: version.runId, path: version.artifactPath };
  } else {
    if (reference.path === '') {
      throw new MlflowApiError('INVALID_PARAMETER_VALUE', `The source '${source.slice(0, 300)}' names a run's whole artifact folder. Register the model's folder or file, e.g. runs:/${reference.runId}/model.`);
    }
    const artifacts = await mlops.model.getRunArtifacts(reference.runId);
    // One artifact of that name is a file version; otherwise the path is a folder.
    const isFile = artifacts.some((artifact) => artifact.name === reference.path);
    target = { runId: reference.runId, path: isFile ? reference.path : `${reference.path.replace(/\/+$/, '')}/` };
  }
  if (runId !== undefined && runId !== '' && runId !== target.runId) {
    throw new MlflowApiError('INVALID_PARAMETER_VALUE', `The source names run '${target.runId}' but run_id is '${runId}'. Send the run_id of the run whose artifact the source is, or leave it out.`);
  }
  return target;
}
