import { limits } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EpochMs, errorResponses, withoutControlCharacters, IdParameter, NoContent, TagKeysQuery, tagKeysOf, Tags } from '../../schemas/common-schemas.js';
import { Experiment, LifecycleQuery } from '../../schemas/entities.js';
import type { RouteContext } from '../route-context.js';

const tags = ['experiments'];
const ExperimentPath = Type.Object({ experimentId: IdParameter });

/** What changes on an experiment after its creation: name, description, tags, deletion and restoration, purge; its keys. */
export const experimentLifecycleRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.patch('/experiments/:experimentId', {
    schema: {
      tags,
      summary: 'Rename or describe an experiment',
      description: 'Sets the name and/or the description (null removes it); CONFLICT when another experiment has the name. Runs, registry and deployments refer to ids, so nothing else changes. Answers the experiment.',
      params: ExperimentPath,
      body: Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: limits.experimentName, pattern: withoutControlCharacters })),
          description: Type.Optional(Type.Union([Type.String({ maxLength: limits.paramValue }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      response: { 200: Experiment, ...errorResponses(404, 409) },
    },
    handler: async (request) => store.updateExperiment(request.params.experimentId, request.body),
  });

  app.patch('/experiments/:experimentId/tags', {
    schema: {
      tags,
      summary: 'Set tags on an experiment',
      description: 'Adds or replaces the tags given; other tags are kept.',
      params: ExperimentPath,
      body: Type.Object({ tags: Tags }, { additionalProperties: false }),
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.setExperimentTags(request.params.experimentId, request.body.tags);
      return reply.status(204).send(null);
    },
  });

  app.delete('/experiments/:experimentId/tags', {
    schema: {
      tags,
      summary: 'Delete tags of an experiment',
      description: 'Removes the tags named by ?key= (repeat it for several); keys that are not there are ignored.',
      params: ExperimentPath,
      querystring: TagKeysQuery,
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.deleteExperimentTags(request.params.experimentId, tagKeysOf(request.query));
      return reply.status(204).send(null);
    },
  });

  app.put('/experiments/:experimentId/lifecycle', {
    schema: {
      tags,
      summary: 'Delete or restore an experiment with its runs',
      description:
        "stage 'deleted' marks the experiment and its active runs deleted at deletedAt (default now); 'active' restores it with the runs that delete took (deletedAt null). Deleted experiments and runs are left out of lists and searches unless asked for. Answers the experiment.",
      params: ExperimentPath,
      body: Type.Object({ stage: Type.Union([Type.Literal('active'), Type.Literal('deleted')]), deletedAt: Type.Optional(Type.Union([EpochMs, Type.Null()])) }, { additionalProperties: false }),
      response: { 200: Experiment, ...errorResponses(404) },
    },
    handler: async (request) => {
      const { stage, deletedAt } = request.body;
      return store.setExperimentLifecycle(request.params.experimentId, stage, stage === 'active' ? null : (deletedAt ?? Date.now()));
    },
  });

  app.delete('/experiments/:experimentId', {
    schema: {
      tags,
      summary: 'Purge a deleted experiment',
      description: 'Removes a deleted experiment and its tags for good, once its runs are purged. CONFLICT while it is active, has runs, or registry records refer to it. To delete (and later restore) an experiment, use PUT /api/v1/experiments/{experimentId}/lifecycle.',
      params: ExperimentPath,
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await store.purgeExperiment(request.params.experimentId);
      return reply.status(204).send(null);
    },
  });

  app.get('/experiments/:experimentId/keys', {
    schema: {
      tags,
      summary: "List the param, metric and tag keys of an experiment's runs",
      description: 'Each list sorted, over the runs of ?lifecycle= (default active), for column pickers.',
      params: ExperimentPath,
      querystring: LifecycleQuery,
      response: { 200: Type.Object({ params: Type.Array(Type.String()), metrics: Type.Array(Type.String()), tags: Type.Array(Type.String()) }), ...errorResponses(404) },
    },
    handler: async (request) => mlops.lifecycle.listKeys(request.params.experimentId, request.query),
  });
};
