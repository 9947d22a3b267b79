import { deploymentFields, uuidv7, type Deployment as DeploymentRecord } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordedAuthor } from '../../http/recorded-author.js';
import { errorResponses, IdParameter } from '../../schemas/common-schemas.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import { Deployment, DeploymentInput, DeploymentList } from '../../schemas/registry-entities.js';
import type { RouteContext } from '../route-context.js';

const tags = ['deployments'];

/** Deployment records: the history of what each target serves for each registered model. */
export const deploymentRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.post('/deployments', {
    schema: {
      tags,
      summary: 'Record a deployment',
      description:
        "Inserts a deployment record (history is never overwritten); deployedBy is the token's name. The model's copy is made first with POST /api/v1/blobs/copy under deployments/<registeredModelId>/<targetId>/. NOT_FOUND when the target, registered model or version does not exist.",
      body: DeploymentInput,
      response: { 201: Deployment, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      const input = request.body as Partial<DeploymentRecord>;
      const record = withDefaults<DeploymentRecord>(deploymentFields, {
        ...input,
        id: input.id ?? uuidv7(),
        deployedBy: recordedAuthor(request, input.deployedBy),
        deployedAt: input.deployedAt ?? Date.now(),
      });
      await store.createDeployment(record);
      return reply.status(201).send(record);
    },
  });

  app.get('/deployments', {
    schema: {
      tags,
      summary: 'List deployments',
      description: 'Deployments of a registered model and/or to a target, oldest first; all deployments when neither is given. What a target serves for a registered model is its latest record.',
      querystring: Type.Object({ registeredModelId: Type.Optional(IdParameter), deploymentTargetId: Type.Optional(IdParameter) }, { additionalProperties: false }),
      response: { 200: DeploymentList, ...errorResponses() },
    },
    handler: async (request) => ({ deployments: await store.listDeployments(request.query) }),
  });
};
