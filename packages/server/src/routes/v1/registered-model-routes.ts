import { MLOpsError, registeredModelFields, uuidv7, validateAliasName, validateRegisteredModelName, type RegisteredModel as RegisteredModelRecord } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EpochMs, errorResponses, IdParameter, NoContent, TagKeys, Tags, tagKeysOf } from '../../schemas/common-schemas.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import { ModelVersion, RegisteredModel, RegisteredModelInput, RegisteredModelList, RegisteredModelUpdate } from '../../schemas/registry-entities.js';
import type { RouteContext } from '../route-context.js';

const tags = ['registry'];
export const RegisteredModelPath = Type.Object({ registeredModelId: IdParameter });
const AliasPath = Type.Object({ registeredModelId: IdParameter, alias: Type.String({ minLength: 1, maxLength: 255 }) });

/** Registered models: create (with the id the core assigned), read by id or name, rename, describe, tag, delete; aliases. */
export const registeredModelRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.post('/registered-models', {
    schema: {
      tags,
      summary: 'Create a registered model, or get the one with that name',
      description: "Inserts the registered model, or answers the stored one when the name is taken. Names have no '/' or '@', so models:/ URIs stay unambiguous.",
      body: RegisteredModelInput,
      response: { 200: RegisteredModel, ...errorResponses() },
    },
    handler: async (request) => {
      const input = request.body as Partial<RegisteredModelRecord>;
      validateRegisteredModelName(input.name);
      const now = Date.now();
      const createdAt = input.createdAt ?? now;
      const record = withDefaults<RegisteredModelRecord>(registeredModelFields, { ...input, id: input.id ?? uuidv7(), createdAt, updatedAt: input.updatedAt ?? createdAt, tags: input.tags ?? {} });
      return store.createRegisteredModel(record);
    },
  });

  app.get('/registered-models', {
    schema: {
      tags,
      summary: 'List registered models, or find one by name',
      description: 'All registered models, oldest first; with ?name=, the one with that exact name (an empty list when there is none).',
      querystring: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: RegisteredModelList, ...errorResponses() },
    },
    handler: async (request) => {
      const { name } = request.query;
      if (name === undefined) return { registeredModels: await store.listRegisteredModels() };
      const found = await store.getRegisteredModelByName(name);
      return { registeredModels: found ? [found] : [] };
    },
  });

  app.get('/registered-models/:registeredModelId', {
    schema: { tags, summary: 'Get a registered model by id', params: RegisteredModelPath, response: { 200: RegisteredModel, ...errorResponses(404) } },
    handler: async (request) => requireRegisteredModel(store, request.params.registeredModelId),
  });

  app.patch('/registered-models/:registeredModelId', {
    schema: {
      tags,
      summary: 'Rename or describe a registered model',
      description: 'Sets the name and/or the description (null removes it); CONFLICT when another registered model has the name. Answers the registered model.',
      params: RegisteredModelPath,
      body: RegisteredModelUpdate,
      response: { 200: RegisteredModel, ...errorResponses(404, 409) },
    },
    handler: async (request) => {
      const { name, description, updatedAt } = request.body as { name?: string; description?: string | null; updatedAt?: number };
      if (name !== undefined) validateRegisteredModelName(name);
      return store.updateRegisteredModel(request.params.registeredModelId, {
        ...(name === undefined ? {} : { name }),
        ...(description === undefined ? {} : { description }),
        updatedAt: updatedAt ?? Date.now(),
      });
    },
  });

  app.patch('/registered-models/:registeredModelId/tags', {
    schema: {
      tags,
      summary: 'Set tags on a registered model',
      description: 'Adds or replaces the tags given; other tags are kept.',
      params: RegisteredModelPath,
      body: Type.Object({ tags: Tags, updatedAt: Type.Optional(EpochMs) }, { additionalProperties: false }),
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.setRegisteredModelTags(request.params.registeredModelId, request.body.tags, request.body.updatedAt ?? Date.now());
      return reply.status(204).send(null);
    },
  });

  app.delete('/registered-models/:registeredModelId/tags', {
    schema: {
      tags,
      summary: 'Delete tags of a registered model',
      description: 'Removes the tags named by ?key= (repeat it for several); keys that are not there are ignored.',
      params: RegisteredModelPath,
      querystring: Type.Object({ key: TagKeys, updatedAt: Type.Optional(EpochMs) }, { additionalProperties: false }),
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      const query = request.query;
      await store.deleteRegisteredModelTags(request.params.registeredModelId, tagKeysOf(query), query.updatedAt ?? Date.now());
      return reply.status(204).send(null);
    },
  });

  app.delete('/registered-models/:registeredModelId', {
    schema: {
      tags,
      summary: 'Delete a registered model',
      description:
        'Removes it with its versions, their tags, its aliases and its deployment history, as the store does. The model catalog of a client (lifecycle clients, @mlops-ts/remote) refuses this first while a version is deployed; this route does not check.',
      params: RegisteredModelPath,
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.deleteRegisteredModel(request.params.registeredModelId);
      return reply.status(204).send(null);
    },
  });

  app.get('/registered-models/:registeredModelId/aliases/:alias', {
    schema: { tags, summary: 'Get the version an alias points at', params: AliasPath, response: { 200: ModelVersion, ...errorResponses(404) } },
    handler: async (request) => {
      const { registeredModelId, alias } = request.params;
      const version = await store.getModelVersionByAlias(registeredModelId, alias);
      if (!version) throw new MLOpsError('NOT_FOUND', `Registered model '${registeredModelId}' has no alias '${alias}' (or does not exist). Set it with PUT /api/v1/registered-models/{registeredModelId}/aliases/${alias}.`);
      return version;
    },
  });

  app.put('/registered-models/:registeredModelId/aliases/:alias', {
    schema: {
      tags,
      summary: 'Point an alias at a version',
      description: "Creates the alias or moves it atomically. Names: letters, digits, '_' and '-', starting with a letter or '_'; not 'latest' or version-like.",
      params: AliasPath,
      body: Type.Object({ modelVersionId: IdParameter }, { additionalProperties: false }),
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      const { registeredModelId, alias } = request.params;
      await store.setModelAlias({ registeredModelId, alias: validateAliasName(alias), modelVersionId: request.body.modelVersionId });
      return reply.status(204).send(null);
    },
  });

  app.delete('/registered-models/:registeredModelId/aliases/:alias', {
    schema: { tags, summary: 'Delete an alias', description: 'An alias that is not there is ignored.', params: AliasPath, response: { 204: NoContent, ...errorResponses(404) } },
    handler: async (request, reply) => {
      await store.deleteModelAlias(request.params.registeredModelId, request.params.alias);
      return reply.status(204).send(null);
    },
  });
};

async function requireRegisteredModel(store: RouteContext['mlops']['metadataStore'], id: string): Promise<RegisteredModelRecord> {
  const found = await store.getRegisteredModelById(id);
  if (!found) throw new MLOpsError('NOT_FOUND', `Registered model '${id}' does not exist. List registered models with GET /api/v1/registered-models.`);
  return found;
}
