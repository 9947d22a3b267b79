import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteContext } from '../route-context.js';
import { mlflowArtifactRoutes } from './mlflow-artifact-routes.js';
import { answerMlflowErrors } from './mlflow-errors.js';
import { mlflowExperimentRoutes } from './mlflow-experiment-routes.js';
import { mlflowLoggingRoutes } from './mlflow-logging-routes.js';
import { mlflowModelVersionRoutes } from './mlflow-model-version-routes.js';
import { mlflowRegisteredModelRoutes } from './mlflow-registered-model-routes.js';
import { mlflowRunRoutes } from './mlflow-run-routes.js';
import { mlflowSearchRoutes } from './mlflow-search-routes.js';
import { mlflowUnsupportedRoutes } from './mlflow-unsupported-routes.js';

/** Where MLflow's clients find the API: the REST API and the UI's ajax prefix, each with the tracking and the proxied artifact services. */
export const mlflowPrefixes = {
  tracking: ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'],
  artifacts: ['/api/2.0/mlflow-artifacts', '/ajax-api/2.0/mlflow-artifacts'],
} as const;

/**
 * MLflow's REST API 2.0 beside `/api/v1`, so MLflow's own clients work unchanged with
 * `MLFLOW_TRACKING_URI=http://host:port`: tracking, the model registry and the proxied
 * artifact API, with MLflow's error body and statuses. Tokens, limits, logging and
 * metrics are the server's; the routes are left out of the OpenAPI document (MLflow's
 * documentation describes them).
 */
export const mlflowRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  // Only the context: the options object also holds the prefix, which child plugins must not repeat.
  const context: RouteContext = { mlops, limits };
  for (const prefix of mlflowPrefixes.tracking) {
    await app.register(
      async (tracking) => {
        answerMlflowErrors(tracking);
        for (const routes of [mlflowExperimentRoutes, mlflowRunRoutes, mlflowLoggingRoutes, mlflowSearchRoutes, mlflowRegisteredModelRoutes, mlflowModelVersionRoutes, mlflowUnsupportedRoutes]) {
          await tracking.register(routes, context);
        }
      },
      { prefix },
    );
  }
  for (const prefix of mlflowPrefixes.artifacts) {
    await app.register(
      async (artifacts) => {
        answerMlflowErrors(artifacts);
        await artifacts.register(mlflowArtifactRoutes, context);
      },
      { prefix },
    );
  }
};
