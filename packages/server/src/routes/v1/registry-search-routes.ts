import { evaluateModelVersionSearch, evaluateRegisteredModelSearch, parseFilter, parseOrderBy } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common-schemas.js';
import { ModelVersion, RegisteredModel } from '../../schemas/registry-entities.js';
import { RegistrySearchPageRequest, SearchRegistryRequest } from '../../schemas/search-schemas.js';
import type { RouteContext } from '../route-context.js';

const tags = ['registry'];
const MaxId = Type.Union([Type.String(), Type.Null()]);

/** Searches of model versions and registered models: with page tokens, and the store contract's page. */
export const registrySearchRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.post('/model-versions/search', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Search model versions',
      description: "Versions of every registered model matching a filter on name, version, run_id, registered_by, registered_at, description, alias and tags.<key>, in pages (nextPageToken → pageToken).",
      body: SearchRegistryRequest,
      response: { 200: Type.Object({ modelVersions: Type.Array(ModelVersion), nextPageToken: Type.Optional(Type.String()) }), ...errorResponses() },
    },
    handler: async (request) => mlops.model.searchModelVersions(request.body),
  });

  app.post('/registered-models/search', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Search registered models',
      description: 'Registered models matching a filter on name, description, created_at, updated_at and tags.<key>, in pages (nextPageToken → pageToken).',
      body: SearchRegistryRequest,
      response: { 200: Type.Object({ registeredModels: Type.Array(RegisteredModel), nextPageToken: Type.Optional(Type.String()) }), ...errorResponses() },
    },
    handler: async (request) => mlops.model.searchRegisteredModels(request.body),
  });

  app.post('/model-versions/search-page', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Read one page of a model version search (store contract)',
      description: 'MetadataStoreV1.searchModelVersions over HTTP, for providers such as @mlops-ts/remote.',
      body: RegistrySearchPageRequest,
      response: { 200: Type.Object({ modelVersions: Type.Array(ModelVersion), hasMore: Type.Boolean(), maxId: MaxId }), ...errorResponses() },
    },
    handler: async (request) => {
      const query = pageQuery(request.body, 'model-versions');
      if (store.searchModelVersions) return store.searchModelVersions(query);
      const versions = (await Promise.all((await store.listRegisteredModels()).map((model) => store.listModelVersions(model.id)))).flat();
      return evaluateModelVersionSearch(versions, query);
    },
  });

  app.post('/registered-models/search-page', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Read one page of a registered model search (store contract)',
      description: 'MetadataStoreV1.searchRegisteredModels over HTTP, for providers such as @mlops-ts/remote.',
      body: RegistrySearchPageRequest,
      response: { 200: Type.Object({ registeredModels: Type.Array(RegisteredModel), hasMore: Type.Boolean(), maxId: MaxId }), ...errorResponses() },
    },
    handler: async (request) => {
      const query = pageQuery(request.body, 'registered-models');
      if (store.searchRegisteredModels) return store.searchRegisteredModels(query);
      return evaluateRegisteredModelSearch(await store.listRegisteredModels(), query);
    },
  });
};

function pageQuery(body: { filter?: string; orderBy?: string[]; limit: number; offset: number; maxId?: string }, target: 'model-versions' | 'registered-models') {
  return {
    ...(body.filter === undefined || body.filter.trim() === '' ? {} : { filter: parseFilter(body.filter, { target }) }),
    orderBy: parseOrderBy(body.orderBy, target),
    limit: body.limit,
    offset: body.offset,
    ...(body.maxId === undefined ? {} : { maxId: body.maxId }),
  };
}
