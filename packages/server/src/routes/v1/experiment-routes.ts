import { evaluateExperimentSearch, experimentFields, MLOpsError, parseFilter, parseOrderBy, uuidv7, type Experiment as ExperimentRecord } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParameter } from '../../schemas/common-schemas.js';
import { Experiment, ExperimentInput, ExperimentList, LifecycleQuery } from '../../schemas/entities.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import { SearchExperimentsRequest } from '../../schemas/search-schemas.js';
import type { RouteContext } from '../route-context.js';

const tags = ['experiments'];
const ExperimentPath = Type.Object({ experimentId: IdParameter });

/** Experiments: create (with the id the core assigned), read by id or name, list, search. */
export const experimentRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.post('/experiments', {
    schema: {
      tags,
      summary: 'Create an experiment, or get the one with that name',
      description: 'Inserts the experiment, or answers the stored one when the name is taken (the body is then ignored), as the store contract does.',
      body: ExperimentInput,
      response: { 200: Experiment, ...errorResponses() },
    },
    handler: async (request) => {
      const input = request.body as Partial<ExperimentRecord>;
      const record = withDefaults<ExperimentRecord>(experimentFields, { ...input, id: input.id ?? uuidv7(), createdAt: input.createdAt ?? Date.now(), tags: input.tags ?? {} });
      return store.createExperiment(record);
    },
  });

  app.get('/experiments', {
    schema: {
      tags,
      summary: 'List experiments, or find one by name',
      description: 'Experiments of ?lifecycle= (default active), oldest first; with ?name=, the one with that exact name, deleted or not (an empty list when there is none).',
      querystring: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })), lifecycle: LifecycleQuery.properties.lifecycle }, { additionalProperties: false }),
      response: { 200: ExperimentList, ...errorResponses() },
    },
    handler: async (request) => {
      const { name, lifecycle } = request.query;
      if (name === undefined) return { experiments: await store.listExperiments(lifecycle === undefined ? {} : { lifecycle }) };
      const found = await store.getExperimentByName(name);
      return { experiments: found ? [found] : [] };
    },
  });

  app.get('/experiments/:experimentId', {
    schema: { tags, summary: 'Get an experiment by id', params: ExperimentPath, response: { 200: Experiment, ...errorResponses(404) } },
    handler: async (request) => {
      const found = await store.getExperimentById(request.params.experimentId);
      if (!found) throw notFound(request.params.experimentId);
      return found;
    },
  });

  app.post('/experiments/search', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Search experiments',
      description: "Experiments matching a filter on name, description, created_at and tags.<key> (e.g. \"name LIKE 'iris%'\"), in the order asked.",
      body: SearchExperimentsRequest,
      response: { 200: ExperimentList, ...errorResponses() },
    },
    handler: async (request) => ({ experiments: await mlops.lifecycle.searchExperiments(request.body) }),
  });

  app.post('/experiments/search-page', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Search experiments (store contract)',
      description:
        'MetadataStoreV1.searchExperiments over HTTP, for providers such as @mlops-ts/remote: the filter alone says which lifecycle stages count (no default), as a store receives it.',
      body: Type.Object({ filter: SearchExperimentsRequest.properties.filter, orderBy: SearchExperimentsRequest.properties.orderBy }, { additionalProperties: false }),
      response: { 200: ExperimentList, ...errorResponses() },
    },
    handler: async (request) => {
      const { filter, orderBy } = request.body;
      const query = {
        ...(filter === undefined || filter.trim() === '' ? {} : { filter: parseFilter(filter, { target: 'experiments' }) }),
        orderBy: parseOrderBy(orderBy, 'experiments'),
      };
      if (store.searchExperiments) return { experiments: await store.searchExperiments(query) };
      return { experiments: evaluateExperimentSearch(await store.listExperiments({ lifecycle: 'all' }), query) };
    },
  });
};

function notFound(id: string): MLOpsError {
  return new MLOpsError('NOT_FOUND', `Experiment '${id}' does not exist. Check the id, or list experiments with GET /api/v1/experiments.`);
}
