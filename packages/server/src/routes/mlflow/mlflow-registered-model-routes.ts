import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteContext } from '../route-context.js';
import { alreadyExistsOnConflict, MlflowApiError } from './mlflow-errors.js';
import { maxResultsOf } from './mlflow-paging.js';
import { MlflowRegistryRecords } from './mlflow-registry-records.js';
import { decodeInt64, Int64, Key, ModelName, PageToken, TagList, tagsOf, VersionValue, versionNumberOf } from './mlflow-schemas.js';

const hidden = { hide: true } as const;
const NameBody = Type.Object({ name: ModelName });
const Alias = Type.String({ minLength: 1, maxLength: 256 });
const SearchQuery = Type.Object({
  filter: Type.Optional(Type.String({ maxLength: 10_000 })),
  max_results: Type.Optional(Int64),
  order_by: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
  page_token: Type.Optional(PageToken),
});

/** MLflow's registered models: create, get, rename, update, delete, search, latest versions, tags and aliases. */
export const mlflowRegisteredModelRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const { model: catalog } = mlops;

  app.post('/registered-models/create', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, tags: Type.Optional(TagList), description: Type.Optional(Type.String()) }) },
    handler: async (request) => {
      const { name, tags, description } = request.body;
      // What lets MLflow's register_model go on to add a version to a model that exists.
      if (await mlops.metadataStore.getRegisteredModelByName(name)) {
        throw new MlflowApiError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name.slice(0, 500)}) already exists. Add a version with model-versions/create, or choose another name.`);
      }
      const created = await catalog.createRegisteredModel(name, { tags: tagsOf(tags), ...(description === undefined ? {} : { description }) });
      return { registered_model: await new MlflowRegistryRecords(mlops).registeredModelMessage(created) };
    },
  });

  app.get('/registered-models/get', {
    schema: { ...hidden, querystring: NameBody },
    handler: async (request) => {
      const records = new MlflowRegistryRecords(mlops);
      return { registered_model: await records.registeredModelMessage(await records.registeredModel(request.query.name)) };
    },
  });

  app.post('/registered-models/rename', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, new_name: Type.Optional(ModelName) }) },
    handler: async (request) => {
      const records = new MlflowRegistryRecords(mlops);
      let found = await records.registeredModel(request.body.name);
      const newName = request.body.new_name;
      if (newName !== undefined) found = await alreadyExistsOnConflict(() => catalog.renameRegisteredModel(found, newName));
      return { registered_model: await records.registeredModelMessage(found) };
    },
  });

  app.patch('/registered-models/update', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, description: Type.Optional(Type.String()) }) },
    handler: async (request) => {
      const records = new MlflowRegistryRecords(mlops);
      let found = await records.registeredModel(request.body.name);
      if (request.body.description !== undefined) found = await catalog.updateRegisteredModel(found, { description: request.body.description === '' ? null : request.body.description });
      return { registered_model: await records.registeredModelMessage(found) };
    },
  });

  app.delete('/registered-models/delete', {
    schema: { ...hidden, body: NameBody },
    handler: async (request) => {
      await catalog.deleteRegisteredModel(await new MlflowRegistryRecords(mlops).registeredModel(request.body.name));
      return {};
    },
  });

  app.get('/registered-models/search', {
    schema: { ...hidden, querystring: SearchQuery },
    handler: async (request) => {
      const query = request.query;
      const limit = maxResultsOf(query.max_results === undefined ? undefined : decodeInt64(query.max_results), 100, 1_000);
      const { registeredModels, nextPageToken } = await catalog.searchRegisteredModels({
        ...(query.filter ? { filter: query.filter } : {}),
        ...(query.order_by?.length ? { orderBy: query.order_by } : {}),
        limit,
        ...(query.page_token ? { pageToken: query.page_token } : {}),
      });
      const records = new MlflowRegistryRecords(mlops);
      const messages = [];
      for (const model of registeredModels) messages.push(await records.registeredModelMessage(model));
      return { registered_models: messages, ...(nextPageToken ? { next_page_token: nextPageToken } : {}) };
    },
  });

  // Stages do not exist here: every version is in stage "None", so the latest of "None" (or of no stage named) is the highest version.
  const latestVersions = async (name: string, stages: readonly string[] | undefined) => {
    const records = new MlflowRegistryRecords(mlops);
    const found = await records.registeredModel(name);
    const isNoneAsked = stages === undefined || stages.length === 0 || stages.some((stage) => stage.toLowerCase() === 'none');
    const versions = isNoneAsked ? await catalog.getModelVersions(found) : [];
    const latest = versions.at(-1);
    return { model_versions: latest === undefined ? [] : [await records.versionMessage(latest)] };
  };
  const LatestVersions = Type.Object({ name: ModelName, stages: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })) });
  app.post('/registered-models/get-latest-versions', { config: { scope: 'read' }, schema: { ...hidden, body: LatestVersions }, handler: (request) => latestVersions(request.body.name, request.body.stages) });
  app.get('/registered-models/get-latest-versions', { schema: { ...hidden, querystring: LatestVersions }, handler: (request) => latestVersions(request.query.name, request.query.stages) });

  app.post('/registered-models/set-tag', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, key: Key, value: Type.String() }) },
    handler: async (request) => {
      await catalog.setRegisteredModelTags(await new MlflowRegistryRecords(mlops).registeredModel(request.body.name), { [request.body.key]: request.body.value });
      return {};
    },
  });

  app.delete('/registered-models/delete-tag', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, key: Key }) },
    handler: async (request) => {
      const found = await new MlflowRegistryRecords(mlops).registeredModel(request.body.name);
      if (found.tags[request.body.key] === undefined) {
        throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `Registered model '${found.name}' has no tag '${request.body.key}'. Read its tags with registered-models/get.`);
      }
      await catalog.deleteRegisteredModelTags(found, [request.body.key]);
      return {};
    },
  });

  app.post('/registered-models/alias', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, alias: Alias, version: VersionValue }) },
    handler: async (request) => {
      const found = await new MlflowRegistryRecords(mlops).registeredModel(request.body.name);
      await catalog.setAlias(found, request.body.alias, versionNumberOf(request.body.version));
      return {};
    },
  });

  app.delete('/registered-models/alias', {
    schema: { ...hidden, body: Type.Object({ name: ModelName, alias: Alias }) },
    handler: async (request) => {
      await catalog.deleteAlias(await new MlflowRegistryRecords(mlops).registeredModel(request.body.name), request.body.alias);
      return {};
    },
  });

  app.get('/registered-models/alias', {
    schema: { ...hidden, querystring: Type.Object({ name: ModelName, alias: Alias }) },
    handler: async (request) => {
      const records = new MlflowRegistryRecords(mlops);
      const version = await catalog.getModelVersionByAlias(await records.registeredModel(request.query.name), request.query.alias);
      return { model_version: await records.versionMessage(version) };
    },
  });
};
