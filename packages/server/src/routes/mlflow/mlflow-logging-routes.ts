import type { MetricPoint } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { decodeFloat } from '../../schemas/json-float.js';
import type { RouteContext } from '../route-context.js';
import { MlflowApiError, noCounterpart } from './mlflow-errors.js';
import { mlflowTags, toMlflowMetric } from './mlflow-entities.js';
import { maxResultsOf, pageOf } from './mlflow-paging.js';
import { renameRun } from './mlflow-run-routes.js';
import { decodeInt64, Double, IdString, Int64, Key, PageToken, RunIdFields, runIdOf, TagMessage } from './mlflow-schemas.js';

const hidden = { hide: true } as const;
const ParamValue = Type.String({ maxLength: 6_000 });
const MetricMessage = Type.Object({ key: Key, value: Double, timestamp: Int64, step: Type.Optional(Int64) });

/** Batches larger than MLflow's (1,000 metrics, 100 params, 100 tags) are taken, up to these counts and the batch body limit. */
const batchLimits = { metrics: 100_000, params: 1_000, tags: 1_000 } as const;

/** MLflow's logging calls: log-metric, log-parameter, log-batch, log-model, log-inputs, and metrics/get-history. */
export const mlflowLoggingRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  const { evaluation, training, lifecycle } = mlops;

  app.post('/runs/log-metric', {
    schema: { ...hidden, body: Type.Object({ ...RunIdFields, key: Key, value: Double, timestamp: Int64, step: Type.Optional(Int64) }) },
    handler: async (request) => {
      const { key, value, timestamp, step } = request.body;
      await evaluation.logMetric(runIdOf(request.body), key, decodeFloat(value), { timestamp: decodeInt64(timestamp), step: step === undefined ? 0 : decodeInt64(step) });
      return {};
    },
  });

  app.post('/runs/log-parameter', {
    schema: { ...hidden, body: Type.Object({ ...RunIdFields, key: Key, value: ParamValue }) },
    handler: async (request) => {
      await training.logHyperParameter(runIdOf(request.body), request.body.key, request.body.value);
      return {};
    },
  });

  app.post('/runs/log-batch', {
    bodyLimit: limits.batchBodyBytes,
    schema: {
      ...hidden,
      body: Type.Object({
        run_id: Type.Optional(IdString),
        run_uuid: Type.Optional(IdString),
        metrics: Type.Optional(Type.Array(MetricMessage, { maxItems: batchLimits.metrics })),
        params: Type.Optional(Type.Array(Type.Object({ key: Key, value: ParamValue }), { maxItems: batchLimits.params })),
        tags: Type.Optional(Type.Array(TagMessage, { maxItems: batchLimits.tags })),
      }),
    },
    handler: async (request) => {
      const runId = runIdOf(request.body);
      const { metrics = [], params = [], tags = [] } = request.body;
      if (params.length > 0) await training.logHyperParameters(runId, paramsOf(params));
      if (metrics.length > 0) {
        const points = new Array<MetricPoint>(metrics.length);
        for (let index = 0; index < metrics.length; index++) {
          const metric = metrics[index]!;
          points[index] = { key: metric.key, value: decodeFloat(metric.value), timestamp: decodeInt64(metric.timestamp), step: metric.step === undefined ? 0 : decodeInt64(metric.step) };
        }
        await evaluation.logMetrics(runId, points);
      }
      if (tags.length > 0) {
        const record: Record<string, string> = {};
        for (const { key, value } of tags) record[key] = value;
        const runName = record[mlflowTags.runName];
        delete record[mlflowTags.runName];
        if (Object.keys(record).length > 0) await lifecycle.setTags(runId, record);
        if (runName !== undefined) await renameRun(mlops, runId, runName === '' ? null : runName);
      }
      return {};
    },
  });

  app.post('/runs/log-model', {
    schema: { ...hidden, body: Type.Object({ ...RunIdFields, model_json: Type.String({ minLength: 2, maxLength: limits.jsonBodyBytes }) }) },
    handler: async (request) => {
      const runId = runIdOf(request.body);
      let model: unknown;
      try {
        model = JSON.parse(request.body.model_json);
      } catch {
        model = undefined;
      }
      if (typeof model !== 'object' || model === null || Array.isArray(model)) {
        throw new MlflowApiError('INVALID_PARAMETER_VALUE', "model_json is not a JSON object. Send the MLmodel file's content as JSON.");
      }
      // As MLflow's server: the run's `mlflow.log-model.history` tag lists every model logged to it.
      const run = await lifecycle.getRun(runId);
      const history = parseHistory(run.tags[mlflowTags.loggedModels]);
      await lifecycle.setTags(runId, { [mlflowTags.loggedModels]: JSON.stringify([...history, model]) });
      return {};
    },
  });

  app.post('/runs/log-inputs', {
    schema: { ...hidden, body: Type.Object({ run_id: IdString, datasets: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1_000 })), models: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1_000 })) }) },
    handler: async (request) => {
      await lifecycle.getRun(request.body.run_id);
      if ((request.body.datasets?.length ?? 0) > 0 || (request.body.models?.length ?? 0) > 0) {
        throw noCounterpart(
          "Logging MLflow data set and model inputs (runs/log-inputs with datasets or models)",
          "A data set here is a profile computed from its rows (schema, row count, SHA-256, distributions), which an MLflow digest cannot stand for: log it with @mlops-ts/core's data.logData(runId, rows), or record the digest as a run tag.",
        );
      }
      return {};
    },
  });

  app.get('/metrics/get-history', {
    schema: { ...hidden, querystring: Type.Object({ ...RunIdFields, metric_key: Key, page_token: Type.Optional(PageToken), max_results: Type.Optional(Type.Integer()) }) },
    handler: async (request) => {
      const history = await evaluation.getMetricHistory(runIdOf(request.query), request.query.metric_key);
      const maxResults = maxResultsOf(request.query.max_results, Math.max(history.length, 1), 25_000_000);
      const { page, nextPageToken } = pageOf(history, maxResults, request.query.page_token);
      return { metrics: page.map(toMlflowMetric), ...(nextPageToken ? { next_page_token: nextPageToken } : {}) };
    },
  });
};

/** Params as one record; a key sent twice with two values is refused, as MLflow refuses it. */
function paramsOf(params: readonly { key: string; value: string }[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, value } of params) {
    if (record[key] !== undefined && record[key] !== value) {
      throw new MlflowApiError('INVALID_PARAMETER_VALUE', `The batch gives the param '${key}' two values. Send each param once.`);
    }
    record[key] = value;
  }
  return record;
}

function parseHistory(value: string | undefined): unknown[] {
  if (value === undefined) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
