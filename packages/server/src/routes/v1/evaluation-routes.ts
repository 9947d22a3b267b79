import { MLOpsError, type Metric as MetricRecord } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Name, NoContent, SafeInteger } from '../../schemas/common-schemas.js';
import { ConfusionMatrix, ConfusionMatrixInput, MetricBatch, MetricHistory, ParamBatch } from '../../schemas/entities.js';
import { IdempotencyKeys } from '../../http/idempotency-keys.js';
import { decodeFloat, decodeFloats } from '../../schemas/json-float.js';
import type { RouteContext } from '../route-context.js';
import { RunPath } from './run-routes.js';

/** Hyper-parameters, metric points and their history, confusion matrices. */
export const evaluationRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  const store = mlops.metadataStore;
  const storedBatches = new IdempotencyKeys();

  app.post('/runs/:runId/params', {
    schema: {
      tags: ['params'],
      summary: 'Log hyper-parameters',
      description: 'Stores the params in one transaction. A key stored with the same value is a no-op; with another value the whole call is CONFLICT and stores nothing.',
      params: RunPath,
      body: ParamBatch,
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await store.logParams(request.params.runId, request.body.params);
      return reply.status(204).send(null);
    },
  });

  app.post('/metrics', {
    bodyLimit: limits.batchBodyBytes,
    schema: {
      tags: ['metrics'],
      summary: 'Log a batch of metric points',
      description:
        'Stores every point in one transaction (all or nothing); points may belong to several runs. NaN and ±Infinity travel as "NaN", "Infinity" and "-Infinity". With an Idempotency-Key header (a UUID per batch), a batch sent again with the same key within 10 minutes (a retry after a lost answer) is stored once.',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })) }),
      body: MetricBatch,
      response: { 204: NoContent, ...errorResponses(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const now = Date.now();
      const metrics: MetricRecord[] = request.body.metrics.map((point) => ({
        runId: point.runId,
        key: point.key,
        value: decodeFloat(point.value),
        step: point.step ?? 0,
        timestamp: point.timestamp ?? now,
      }));
      // Keys are the client's: kept apart per token, so one client cannot mark another's batch as stored.
      const key = request.headers['idempotency-key'];
      await storedBatches.once(typeof key === 'string' ? `${request.principal.name}\n${key}` : undefined, () => store.logMetrics(metrics));
      return reply.status(204).send(null);
    },
  });

  app.get('/runs/:runId/metric-history', {
    schema: {
      tags: ['metrics'],
      summary: "Read a metric's history",
      description:
        'Every point of the metric by step, then timestamp; startStep and endStep bound the steps (inclusive). With maxPoints (at least 4), a down-sampled history for charts that keeps the first, last, lowest and highest point of each step bucket.',
      params: RunPath,
      querystring: Type.Object(
        { key: Name, startStep: Type.Optional(SafeInteger), endStep: Type.Optional(SafeInteger), maxPoints: Type.Optional(Type.Integer({ minimum: 4, maximum: 1_000_000 })) },
        { additionalProperties: false },
      ),
      response: { 200: MetricHistory, ...errorResponses(404) },
    },
    handler: async (request) => {
      const { key, ...options } = request.query;
      return { metrics: await mlops.evaluation.getMetricHistory(request.params.runId, key, options) };
    },
  });

  app.put('/runs/:runId/confusion-matrix', {
    bodyLimit: limits.batchBodyBytes,
    schema: {
      tags: ['metrics'],
      summary: "Store the run's confusion matrix",
      description: 'Replaces the run\'s confusion matrix. The client computes precision and recall (lifecycle clients use evaluation.logConfusionMatrix).',
      params: RunPath,
      body: ConfusionMatrixInput,
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      const { labels, counts, precision, recall } = request.body;
      await store.saveConfusionMatrix({ runId: request.params.runId, labels, counts, precision: decodeFloats(precision), recall: decodeFloats(recall) });
      return reply.status(204).send(null);
    },
  });

  app.get('/runs/:runId/confusion-matrix', {
    schema: { tags: ['metrics'], summary: "Get the run's confusion matrix", params: RunPath, response: { 200: ConfusionMatrix, ...errorResponses(404) } },
    handler: async (request) => {
      const matrix = await store.getConfusionMatrix(request.params.runId);
      if (!matrix) {
        throw new MLOpsError('NOT_FOUND', `Run '${request.params.runId}' has no confusion matrix (or does not exist). Store one with PUT /api/v1/runs/{runId}/confusion-matrix.`);
      }
      return matrix;
    },
  });
};
