import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteContext } from '../route-context.js';
import { blobRoutes } from './blob-routes.js';
import { deploymentActionRoutes } from './deployment-action-routes.js';
import { deploymentRoutes } from './deployment-routes.js';
import { deploymentTargetRoutes } from './deployment-target-routes.js';
import { evaluationRoutes } from './evaluation-routes.js';
import { experimentLifecycleRoutes } from './experiment-lifecycle-routes.js';
import { experimentRoutes } from './experiment-routes.js';
import { modelVersionRoutes } from './model-version-routes.js';
import { principalRoutes } from './principal-routes.js';
import { registeredModelRoutes } from './registered-model-routes.js';
import { registrySearchRoutes } from './registry-search-routes.js';
import { runDataRoutes } from './run-data-routes.js';
import { runLifecycleRoutes } from './run-lifecycle-routes.js';
import { runRoutes } from './run-routes.js';
import { runSearchRoutes } from './run-search-routes.js';

/** Every resource of `/api/v1`, one module each; mounted with the prefix by the server. */
export const apiV1Routes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  // Only the context: the options object also holds the prefix, which child plugins must not repeat.
  const context: RouteContext = { mlops, limits };
  for (const routes of [experimentRoutes, experimentLifecycleRoutes, runRoutes, runLifecycleRoutes, runSearchRoutes, evaluationRoutes, runDataRoutes, registeredModelRoutes, modelVersionRoutes, registrySearchRoutes, deploymentTargetRoutes, deploymentRoutes, deploymentActionRoutes, principalRoutes, blobRoutes]) {
    await app.register(routes, context);
  }

  app.get('/openapi.json', { config: { scope: 'none' }, schema: { hide: true } }, async () => app.swagger());
};
