import { MLOpsError, modelVersionFields, uuidv7, type NewModelVersion } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordedAuthor } from '../../http/recorded-author.js';
import { errorResponses, IdParameter, NoContent, TagKeysQuery, tagKeysOf, Tags } from '../../schemas/common-schemas.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import { ModelVersion, ModelVersionInput, ModelVersionList, ModelVersionUpdate } from '../../schemas/registry-entities.js';
import type { RouteContext } from '../route-context.js';
import { RegisteredModelPath } from './registered-model-routes.js';

const tags = ['registry'];
const ModelVersionPath = Type.Object({ modelVersionId: IdParameter });

/** Versions of registered models: register (the store numbers them), read by id, number or models:/ URI, describe, tag, delete. */
export const modelVersionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.post('/registered-models/:registeredModelId/versions', {
    schema: {
      tags,
      summary: 'Register a version',
      description: "Inserts the version with the registered model's next number (1, 2, 3 …, never reused); registeredBy is the token's name. NOT_FOUND when the registered model, run or run artifact does not exist.",
      params: RegisteredModelPath,
      body: ModelVersionInput,
      response: { 201: ModelVersion, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      const input = request.body as Partial<NewModelVersion>;
      const record = withDefaults<NewModelVersion>(modelVersionFields, {
        ...input,
        id: input.id ?? uuidv7(),
        registeredModelId: request.params.registeredModelId,
        registeredBy: recordedAuthor(request, input.registeredBy),
        registeredAt: input.registeredAt ?? Date.now(),
        tags: input.tags ?? {},
      });
      return reply.status(201).send(await store.createModelVersion(record));
    },
  });

  app.get('/registered-models/:registeredModelId/versions', {
    schema: {
      tags,
      summary: "List a registered model's versions",
      description: 'By number ascending; with ?version=, the version of that number (an empty list when there is none).',
      params: RegisteredModelPath,
      querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }, { additionalProperties: false }),
      response: { 200: ModelVersionList, ...errorResponses(404) },
    },
    handler: async (request) => {
      const { registeredModelId } = request.params;
      if (request.query.version === undefined) return { modelVersions: await store.listModelVersions(registeredModelId) };
      const found = await store.getModelVersionByNumber(registeredModelId, request.query.version);
      return { modelVersions: found ? [found] : [] };
    },
  });

  app.get('/model-versions/resolve', {
    schema: {
      tags,
      summary: 'Resolve a models:/ URI',
      description: 'The version named by models:/<model>/<version>, models:/<model>@<alias> or models:/<model>/latest.',
      querystring: Type.Object({ uri: Type.String({ minLength: 1, maxLength: 1_000 }) }, { additionalProperties: false }),
      response: { 200: ModelVersion, ...errorResponses(404) },
    },
    handler: async (request) => mlops.model.resolveModelUri(request.query.uri),
  });

  app.get('/model-versions/:modelVersionId', {
    schema: { tags, summary: 'Get a version by id', params: ModelVersionPath, response: { 200: ModelVersion, ...errorResponses(404) } },
    handler: async (request) => {
      const found = await store.getModelVersion(request.params.modelVersionId);
      if (!found) throw new MLOpsError('NOT_FOUND', `Model version '${request.params.modelVersionId}' does not exist. List a registered model's versions with GET /api/v1/registered-models/{registeredModelId}/versions.`);
      return found;
    },
  });

  app.patch('/model-versions/:modelVersionId', {
    schema: {
      tags,
      summary: "Set a version's description",
      description: 'null removes it. Answers the version.',
      params: ModelVersionPath,
      body: ModelVersionUpdate,
      response: { 200: ModelVersion, ...errorResponses(404) },
    },
    handler: async (request) => {
      await store.updateModelVersion(request.params.modelVersionId, { description: request.body.description });
      const found = await store.getModelVersion(request.params.modelVersionId);
      if (!found) throw new MLOpsError('NOT_FOUND', `Model version '${request.params.modelVersionId}' was deleted meanwhile.`);
      return found;
    },
  });

  app.patch('/model-versions/:modelVersionId/tags', {
    schema: {
      tags,
      summary: 'Set tags on a version',
      description: 'Adds or replaces the tags given; other tags are kept.',
      params: ModelVersionPath,
      body: Type.Object({ tags: Tags }, { additionalProperties: false }),
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.setModelVersionTags(request.params.modelVersionId, request.body.tags);
      return reply.status(204).send(null);
    },
  });

  app.delete('/model-versions/:modelVersionId/tags', {
    schema: {
      tags,
      summary: 'Delete tags of a version',
      description: 'Removes the tags named by ?key= (repeat it for several); keys that are not there are ignored.',
      params: ModelVersionPath,
      querystring: TagKeysQuery,
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.deleteModelVersionTags(request.params.modelVersionId, tagKeysOf(request.query));
      return reply.status(204).send(null);
    },
  });

  app.delete('/model-versions/:modelVersionId', {
    schema: {
      tags,
      summary: 'Delete a version',
      description:
        "Removes it with its tags and the aliases pointing at it; its number is never handed out again. The model catalog of a client refuses this first while the version is deployed; this route does not check.",
      params: ModelVersionPath,
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.deleteModelVersion(request.params.modelVersionId);
      return reply.status(204).send(null);
    },
  });
};
