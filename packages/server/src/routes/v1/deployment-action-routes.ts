import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordedAuthor } from '../../http/recorded-author.js';
import { errorResponses, IdParameter, Name } from '../../schemas/common-schemas.js';
import { Deployment } from '../../schemas/registry-entities.js';
import type { RouteContext } from '../route-context.js';
import { DeploymentTargetPath } from './deployment-target-routes.js';

const tags = ['deployments'];
// Kept only by a server without tokens; otherwise the token's name is recorded.
const DeployedBy = Type.Optional(Name);

/**
 * Deploy, undeploy and roll back run by the server's own core (the deployment catalog), for
 * clients without one such as the web UI: the model's copy under the target's key, the
 * history record and the checks happen on the server, as `deployment.deployModel` does.
 */
export const deploymentActionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  app.post('/deployment-targets/:deploymentTargetId/deploy', {
    schema: {
      tags,
      summary: 'Deploy a model version to a target (catalog operation)',
      description:
        "deployment.deployModel on the server: copies the version's model under the target's key and records the deployment (deployedBy is the token's name), replacing what the target served for that registered model. NOT_FOUND for an unknown target or version.",
      params: DeploymentTargetPath,
      body: Type.Object({ modelVersionId: IdParameter, deployedBy: DeployedBy }, { additionalProperties: false }),
      response: { 201: Deployment, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      const deployment = await mlops.deployment.deployModel(request.params.deploymentTargetId, request.body.modelVersionId, recordedAuthor(request, request.body.deployedBy));
      return reply.status(201).send(deployment);
    },
  });

  const ModelBody = Type.Object({ registeredModelId: IdParameter, deployedBy: DeployedBy }, { additionalProperties: false });

  app.post('/deployment-targets/:deploymentTargetId/undeploy', {
    schema: {
      tags,
      summary: 'Stop a target serving a registered model (catalog operation)',
      description: "deployment.undeploy on the server: records an undeploy in the history and removes the target's copy. NOT_FOUND when nothing of the model is deployed there.",
      params: DeploymentTargetPath,
      body: ModelBody,
      response: { 201: Deployment, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      const deployment = await mlops.deployment.undeploy(request.body.registeredModelId, request.params.deploymentTargetId, recordedAuthor(request, request.body.deployedBy));
      return reply.status(201).send(deployment);
    },
  });

  app.post('/deployment-targets/:deploymentTargetId/rollback', {
    schema: {
      tags,
      summary: 'Deploy again the version a target served before (catalog operation)',
      description: 'deployment.rollback on the server. NOT_FOUND when the target served no other version of the model before.',
      params: DeploymentTargetPath,
      body: ModelBody,
      response: { 201: Deployment, ...errorResponses(404) },
    },
    handler: async (request, reply) => {
      const deployment = await mlops.deployment.rollback(request.body.registeredModelId, request.params.deploymentTargetId, recordedAuthor(request, request.body.deployedBy));
      return reply.status(201).send(deployment);
    },
  });
};
