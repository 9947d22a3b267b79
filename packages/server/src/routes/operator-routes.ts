import type { MLOpsContext } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RequestMetrics } from '../http/request-metrics.js';

/** A run id no store holds: reading it proves the store answers without touching data. */
const probeId = '00000000-0000-7000-8000-000000000000';
const Status = Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]);

/** Options of the operator routes. */
export interface OperatorRouteOptions {
  mlops: MLOpsContext;
  metrics: RequestMetrics;
  healthCheckMs: number;
}

/**
 * `/health` for load balancers (no token needed, no details given) and `/metrics` for
 * Prometheus (any valid token when the server has tokens).
 */
export const operatorRoutes: FastifyPluginAsyncTypebox<OperatorRouteOptions> = async (app, { mlops, metrics, healthCheckMs }) => {
  app.get('/health', {
    config: { scope: 'none' },
    schema: {
      tags: ['operations'],
      summary: 'Check that the store and the repository answer',
      description: "200 when both answer within the health check timeout, 503 otherwise; the server's log says why.",
      security: [],
      response: {
        200: Type.Object({ status: Status, store: Status, repository: Status }),
        503: Type.Object({ status: Status, store: Status, repository: Status }),
      },
    },
    handler: async (request, reply) => {
      const check = async (part: string, probe: () => Promise<unknown>) => {
        try {
          await withTimeout(probe(), healthCheckMs);
          return 'ok' as const;
        } catch (error) {
          request.log.error({ err: error }, `health check: the ${part} does not answer`);
          return 'unavailable' as const;
        }
      };
      const [store, repository] = await Promise.all([
        check('metadata store', () => mlops.metadataStore.getRun(probeId)),
        check('model repository', () => mlops.modelRepository.exists(`runs/${probeId}/health-check`)),
      ]);
      const status = store === 'ok' && repository === 'ok' ? 'ok' : 'unavailable';
      return reply.status(status === 'ok' ? 200 : 503).send({ status, store, repository });
    },
  });

  app.get('/metrics', {
    config: { scope: 'read' },
    schema: {
      tags: ['operations'],
      summary: 'Prometheus metrics',
      description: 'Requests by method, route and status, their latency, and Node.js process metrics, in the Prometheus text format.',
      response: { 200: Type.Unsafe({ description: 'Prometheus text format.', content: { 'text/plain': { schema: { type: 'string' } } } }) },
    },
    handler: async (_request, reply) => {
      const { contentType, body } = await metrics.render();
      return reply.type(contentType).send(body);
    },
  });
};

async function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms`)), milliseconds);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
