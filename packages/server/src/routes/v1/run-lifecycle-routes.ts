import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParameter, NoContent, TagKeysQuery, tagKeysOf } from '../../schemas/common-schemas.js';
import { RunComparison } from '../../schemas/entities.js';
import type { RouteContext } from '../route-context.js';
import { RunPath } from './run-routes.js';

const tags = ['runs'];

/** What ends a run's life: tags removed, purge; and the comparison of runs. Deleting and restoring a run is PATCH /runs/{runId} with lifecycleStage. */
export const runLifecycleRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.delete('/runs/:runId/tags', {
    schema: {
      tags,
      summary: 'Delete tags of a run',
      description: 'Removes the tags named by ?key= (repeat it for several); keys that are not there are ignored.',
      params: RunPath,
      querystring: TagKeysQuery,
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await store.deleteRunTags(request.params.runId, tagKeysOf(request.query));
      return reply.status(204).send(null);
    },
  });

  app.delete('/runs/:runId', {
    schema: {
      tags,
      summary: 'Purge a deleted run',
      description:
        "Removes a deleted run and everything stored for it for good (its blobs are the client's to delete first, with DELETE /api/v1/blobs/runs/{runId}/…). CONFLICT while it is active or a model version refers to it. To delete (and later restore) a run, PATCH it with lifecycleStage and deletedAt.",
      params: RunPath,
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await store.purgeRun(request.params.runId);
      return reply.status(204).send(null);
    },
  });

  app.post('/runs/compare', {
    config: { scope: 'read' },
    schema: {
      tags,
      summary: 'Compare runs',
      description: 'Params side by side with the differing keys marked, latest metrics with deltas against the first run, and tags (lifecycle.compareRuns).',
      body: Type.Object({ runIds: Type.Array(IdParameter, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
      response: { 200: RunComparison, ...errorResponses(404) },
    },
    handler: async (request) => mlops.lifecycle.compareRuns(request.body.runIds),
  });
};
