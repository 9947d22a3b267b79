import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteContext } from '../route-context.js';
import { noCounterpart } from './mlflow-errors.js';

/**
 * Endpoints of MLflow's REST API with no counterpart in MLOps.ts. Each answers
 * ENDPOINT_NOT_FOUND with status 501 and says what to use instead; none pretends to succeed.
 */
const unsupported: readonly { methods: ('GET' | 'POST' | 'PATCH' | 'DELETE')[]; urls: string[]; what: string; instead: string }[] = [
  {
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    urls: ['/logged-models', '/logged-models/*', '/runs/outputs'],
    what: "MLflow 3's logged models",
    instead: 'Log model files as run artifacts (log_artifact, or log_model with MLflow 2.x) and register them with model-versions/create.',
  },
  {
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    urls: ['/traces', '/traces/*'],
    what: 'Tracing (traces, spans and assessments)',
    instead: 'This server tracks experiments, runs and the model registry only.',
  },
  {
    methods: ['POST'],
    urls: ['/artifacts/presigned-upload-url', '/artifacts/presigned-download-url'],
    what: 'Presigned artifact URLs',
    instead: 'Upload and download through the proxied artifact API, /api/2.0/mlflow-artifacts/artifacts/<path>, which streams to and from the model repository.',
  },
  {
    methods: ['GET'],
    urls: ['/metrics/get-history-bulk-interval'],
    what: 'Bulk metric histories',
    instead: 'Read each run\'s history with metrics/get-history.',
  },
  {
    methods: ['POST'],
    urls: ['/experiments/search-datasets'],
    what: 'Searching MLflow data set inputs',
    instead: 'Data sets here are profiles logged with @mlops-ts/core\'s data.logData; read them through /api/v1/runs/{runId}/data-sets.',
  },
];

/** The routes of `unsupported`. */
export const mlflowUnsupportedRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app) => {
  for (const { methods, urls, what, instead } of unsupported) {
    for (const url of urls) {
      app.route({
        method: methods,
        url,
        schema: { hide: true },
        handler: async () => {
          throw noCounterpart(what, instead);
        },
      });
    }
  }
};
