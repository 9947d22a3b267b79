import { deploymentTargetFields, MLOpsError, uuidv7, type DeploymentTarget as DeploymentTargetRecord } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParameter, NoContent } from '../../schemas/common-schemas.js';
import { DeploymentTarget, DeploymentTargetInput, DeploymentTargetList } from '../../schemas/entities.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import type { RouteContext } from '../route-context.js';

const tags = ['deployments'];
export const DeploymentTargetPath = Type.Object({ deploymentTargetId: IdParameter });

/** Deployment targets (Test, Stage, Production …). */
export const deploymentTargetRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.post('/deployment-targets', {
    schema: {
      tags,
      summary: 'Create a deployment target, or get the one with that name',
      body: DeploymentTargetInput,
      response: { 200: DeploymentTarget, ...errorResponses() },
    },
    handler: async (request) => {
      const input = request.body as Partial<DeploymentTargetRecord>;
      const record = withDefaults<DeploymentTargetRecord>(deploymentTargetFields, {
        ...input,
        id: input.id ?? uuidv7(),
        isProduction: input.isProduction ?? false,
        createdAt: input.createdAt ?? Date.now(),
      });
      return store.createDeploymentTarget(record);
    },
  });

  app.get('/deployment-targets', {
    schema: {
      tags,
      summary: 'List deployment targets, or find one by name',
      description: 'All targets, oldest first; with ?name=, the one with that exact name (an empty list when there is none).',
      querystring: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: DeploymentTargetList, ...errorResponses() },
    },
    handler: async (request) => {
      const { name } = request.query;
      if (name === undefined) return { deploymentTargets: await store.listDeploymentTargets() };
      const found = await store.getDeploymentTargetByName(name);
      return { deploymentTargets: found ? [found] : [] };
    },
  });

  app.get('/deployment-targets/:deploymentTargetId', {
    schema: { tags, summary: 'Get a deployment target by id', params: DeploymentTargetPath, response: { 200: DeploymentTarget, ...errorResponses(404) } },
    handler: async (request) => {
      const found = await store.getDeploymentTargetById(request.params.deploymentTargetId);
      if (!found) throw new MLOpsError('NOT_FOUND', `Deployment target '${request.params.deploymentTargetId}' does not exist. List targets with GET /api/v1/deployment-targets.`);
      return found;
    },
  });

  app.delete('/deployment-targets/:deploymentTargetId', {
    schema: {
      tags,
      summary: 'Delete a deployment target',
      description:
        "Removes the target with its deployment history; its name can be used again. The deployment catalog of a client refuses this first while the target serves a model; this route does not check.",
      params: DeploymentTargetPath,
      response: { 204: NoContent, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      await store.deleteDeploymentTarget(request.params.deploymentTargetId);
      return reply.status(204).send(null);
    },
  });
};
