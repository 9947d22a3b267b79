import { randomUUID } from 'node:crypto';
import type { MLOpsContext } from '@mlops-ts/core';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance } from 'fastify';
import { neededScope, requireTokens } from './http/authentication.js';
import { BearerTokens } from './http/bearer-tokens.js';
import { classifyError } from './http/error-mapping.js';
import { RequestMetrics } from './http/request-metrics.js';
import { operatorRoutes } from './routes/operator-routes.js';
import { uiRoutes, resolveUiRoot } from './routes/ui-routes.js';
import { mlflowRoutes } from './routes/mlflow/mlflow-routes.js';
import { apiV1Routes } from './routes/v1/api-v1-routes.js';
import { encodeNonFiniteNumbers } from './schemas/json-float.js';
import type { ResolvedServerOptions } from './server-options.js';
import { serverVersion } from './server-version.js';

/** The API's prefix; MLflow's REST API and others mount beside it with error shapes of their own. */
export const apiV1Prefix = '/api/v1';

/**
 * Builds the Fastify application of a tracking server over `mlops`, ready but not
 * listening: authentication, schemas, error mapping, metrics, OpenAPI, and the routes.
 */
export async function buildServer(mlops: MLOpsContext, options: ResolvedServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger,
    genReqId: () => randomUUID(),
    // Log ids are the server's; a client-chosen id would let one request pose as another in the log.
    requestIdHeader: false,
    bodyLimit: options.limits.jsonBodyBytes,
    connectionTimeout: options.timeouts.idleMs,
    keepAliveTimeout: options.timeouts.keepAliveMs,
    requestTimeout: options.timeouts.requestMs,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 500 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.headersTimeout = options.timeouts.headersMs;

  // Bodies are checked exactly (a string is not a number); query strings and paths are text, so numbers are read from it.
  const bodyAjv = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  const parameterAjv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : parameterAjv).compile(schema));

  const metrics = new RequestMetrics({ collectProcessMetrics: options.collectProcessMetrics });
  metrics.observe(app);
  requireTokens(app, new BearerTokens(options.tokens));

  app.setErrorHandler((error, request, reply) => {
    const classified = classifyError(error, request);
    if (classified.isServerFault) request.log.error({ err: error }, 'server fault');
    else request.log.info({ code: classified.code, status: classified.status }, classified.message);
    if (classified.status === 401) reply.header('www-authenticate', 'Bearer realm="mlops"');
    return reply.status(classified.status).send({ code: classified.code, message: classified.message, ...(classified.offset === undefined ? {} : { offset: classified.offset }) });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}. The routes are listed in ${apiV1Prefix}/openapi.json.` }),
  );
  // JSON has no NaN or Infinity: they travel as strings (see JsonFloat).
  app.addHook('preSerialization', async (_request, _reply, payload) => encodeNonFiniteNumbers(payload));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MLOps.ts tracking server',
        version: serverVersion,
        description:
          "Experiments, runs, metrics, data sets, artifacts, the model registry and deployments of an @mlops-ts/core context, over HTTP. Records take the ids and timestamps the core assigns, so a remote store behaves as a local one. Errors answer { code, message } with the MLOpsError code.",
      },
      components: { securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: "A token configured on the server, with the 'read' or 'write' scope." } } },
      security: [{ bearerToken: [] }],
    },
    // Each operation says which token scope it needs (x-mlops-scope), from the same route config the authentication hook reads.
    transform: ({ schema, url, route }) => {
      const scope = neededScope(route.config?.scope, [route.method].flat()[0]!);
      return { schema: { ...schema, 'x-mlops-scope': scope, ...(scope === 'none' ? { security: [] } : {}) } as typeof schema, url };
    },
  });
  await app.register(operatorRoutes, { mlops, metrics, healthCheckMs: options.timeouts.healthCheckMs });
  await app.register(apiV1Routes, { prefix: apiV1Prefix, mlops, limits: options.limits });
  await app.register(mlflowRoutes, { mlops, limits: options.limits });
  if (options.ui !== false) await app.register(uiRoutes, { root: await resolveUiRoot(options.ui) });
  await app.ready();
  return app;
}
