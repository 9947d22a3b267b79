import { evaluateRunCount, evaluateRunSearch, MLOpsError, parseFilter, parseOrderBy, type RunCountQuery, type RunSearchQuery } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common-schemas.js';
import { Run } from '../../schemas/entities.js';
import { RunSearchPageRequest, SearchRunsRequest } from '../../schemas/search-schemas.js';
import type { RouteContext } from '../route-context.js';

const tags = ['runs'];

/** Run searches: with page tokens (for people and scripts), and the store contract's page (for providers). */
export const runSearchRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  const store = mlops.metadataStore;

  app.post('/runs/search', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Search runs',
      description:
        'Runs of the experiments named (ids or names; all when left out) matching the filter, in pages: pass nextPageToken as pageToken for the next one, or offset for any page. Same language, ordering and errors as lifecycle.searchRuns; a filter that does not parse answers the 0-based offset of the problem in the error.',
      body: SearchRunsRequest,
      response: {
        200: Type.Object({ runs: Type.Array(Run), nextPageToken: Type.Optional(Type.String()), total: Type.Optional(Type.Integer({ minimum: 0 })) }),
        ...errorResponses(404),
      },
    },
    handler: async (request) => mlops.lifecycle.searchRuns(request.body),
  });

  app.post('/runs/search-page', {
    config: { scope: 'read' },
    // The ids of every experiment of a large store.
    bodyLimit: limits.batchBodyBytes,
    schema: {
      tags,
      summary: 'Read one page of a run search (store contract)',
      description:
        "MetadataStoreV1.searchRuns over HTTP, for providers such as @mlops-ts/remote: the page at offset, runs with ids above maxRunId left out, hasMore, and the largest run id of those experiments when no maxRunId was given. People and scripts use /runs/search with page tokens.",
      body: RunSearchPageRequest,
      response: {
        200: Type.Object({ runs: Type.Array(Run), hasMore: Type.Boolean(), maxRunId: Type.Union([Type.String(), Type.Null()]) }),
        ...errorResponses(404),
      },
    },
    handler: async (request) => {
      const body = request.body;
      // As a store does: an id of no experiment matches no run (the client's core resolved the names it was given).
      if (body.maxRunId !== undefined && body.maxRunId.length === 0) throw new MLOpsError('INVALID_ARGUMENT', 'maxRunId is empty. Leave it out on the first page, then pass the maxRunId the first page answered.');
      const query: RunSearchQuery = {
        experimentIds: [...new Set(body.experimentIds)],
        ...(body.filter === undefined || body.filter.trim() === '' ? {} : { filter: parseFilter(body.filter, { target: 'runs' }) }),
        orderBy: parseOrderBy(body.orderBy, 'runs'),
        limit: body.limit,
        offset: body.offset,
        ...(body.maxRunId === undefined ? {} : { maxRunId: body.maxRunId }),
      };
      if (store.searchRuns) return store.searchRuns(query);
      // Every stage: the query's filter says which, as the client's core wrote it.
      const runs = (await Promise.all(query.experimentIds.map((experimentId) => store.listRuns(experimentId, { lifecycle: 'all' })))).flat();
      return evaluateRunSearch(runs, query);
    },
  });

  app.post('/runs/search-count', {
    config: { scope: 'read' },
    bodyLimit: limits.batchBodyBytes,
    schema: {
      tags,
      summary: 'Count the runs a search matches (store contract)',
      description:
        'MetadataStoreV1.countRuns over HTTP, for providers such as @mlops-ts/remote: how many runs of the experiments match the filter, leaving out runs with ids above maxRunId. People and scripts use /runs/search with includeTotal.',
      body: Type.Object(
        { experimentIds: RunSearchPageRequest.properties.experimentIds, filter: RunSearchPageRequest.properties.filter, maxRunId: RunSearchPageRequest.properties.maxRunId },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ count: Type.Integer({ minimum: 0 }) }), ...errorResponses() },
    },
    handler: async (request) => {
      const body = request.body;
      const query: RunCountQuery = {
        experimentIds: [...new Set(body.experimentIds)],
        ...(body.filter === undefined || body.filter.trim() === '' ? {} : { filter: parseFilter(body.filter, { target: 'runs' }) }),
        ...(body.maxRunId === undefined ? {} : { maxRunId: body.maxRunId }),
      };
      if (store.countRuns) return { count: await store.countRuns(query) };
      const runs = (await Promise.all(query.experimentIds.map((experimentId) => store.listRuns(experimentId, { lifecycle: 'all' })))).flat();
      return { count: evaluateRunCount(runs, query) };
    },
  });
};
