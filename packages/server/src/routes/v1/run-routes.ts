import { MLOpsError, runFields, uuidv7, type RunInfo, type RunUpdate as RunUpdateRecord } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParameter, NoContent, Tags } from '../../schemas/common-schemas.js';
import { LifecycleQuery, Run, RunInput, RunList, RunUpdate } from '../../schemas/entities.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import { decodeFloat, type JsonFloatValue } from '../../schemas/json-float.js';
import type { RouteContext } from '../route-context.js';

const tags = ['runs'];
export const RunPath = Type.Object({ runId: IdParameter });

/** Runs: create (with the id the core assigned), read, list, update, tag. */
export const runRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const store = mlops.metadataStore;

  app.post('/runs', {
    schema: {
      tags,
      summary: 'Create a run',
      description: 'Inserts the run (NOT_FOUND when its experiment or parent run does not exist) and answers it with empty params and metrics. The server records no run context of its own: send the mlops.* tags and gitCommit with the run.',
      body: RunInput,
      response: { 201: Run, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      const input = request.body as Partial<RunInfo> & { trainingTimeMs?: JsonFloatValue | null };
      const record = withDefaults<RunInfo>(runFields, {
        ...input,
        id: input.id ?? uuidv7(),
        status: input.status ?? 'running',
        startTime: input.startTime ?? Date.now(),
        tags: input.tags ?? {},
        ...(input.trainingTimeMs === undefined || input.trainingTimeMs === null ? {} : { trainingTimeMs: decodeFloat(input.trainingTimeMs) }),
      });
      await store.createRun(record);
      return reply.status(201).send(await requireStoredRun(store, record.id));
    },
  });

  app.get('/runs/:runId', {
    schema: { tags, summary: 'Get a run with its params, latest metrics and tags', params: RunPath, response: { 200: Run, ...errorResponses(404) } },
    handler: async (request) => requireStoredRun(store, request.params.runId),
  });

  app.get('/runs', {
    schema: {
      tags,
      summary: 'List the runs of a git commit',
      description: 'Runs whose gitCommit is the one given, oldest first.',
      querystring: Type.Object({ gitCommit: Type.String({ minLength: 1, maxLength: 250 }) }, { additionalProperties: false }),
      response: { 200: RunList, ...errorResponses() },
    },
    handler: async (request) => ({ runs: await store.listRunsByGitCommit(request.query.gitCommit) }),
  });

  app.get('/experiments/:experimentId/runs', {
    schema: {
      tags,
      summary: "List an experiment's runs",
      description: 'Runs of ?lifecycle= (default active), oldest first, each with params, latest metrics and tags.',
      params: Type.Object({ experimentId: IdParameter }),
      querystring: LifecycleQuery,
      response: { 200: RunList, ...errorResponses(404) },
    },
    handler: async (request) => ({ runs: await store.listRuns(request.params.experimentId, request.query) }),
  });

  app.patch('/runs/:runId', {
    schema: {
      tags,
      summary: 'Update a run',
      description: 'Sets the fields given (status, endTime, trainingTimeMs …); the others stay as they are. Answers the run.',
      params: RunPath,
      body: RunUpdate,
      response: { 200: Run, ...errorResponses(404, 409) },
    },
    handler: async (request) => {
      const update = { ...(request.body as RunUpdateRecord & { trainingTimeMs?: JsonFloatValue | null }) };
      if (update.trainingTimeMs !== undefined && update.trainingTimeMs !== null) update.trainingTimeMs = decodeFloat(update.trainingTimeMs);
      await store.updateRun(request.params.runId, update as RunUpdateRecord);
      return requireStoredRun(store, request.params.runId);
    },
  });

  app.patch('/runs/:runId/tags', {
    schema: {
      tags,
      summary: 'Set tags on a run',
      description: 'Adds or replaces the tags given; other tags are kept.',
      params: RunPath,
      body: Type.Object({ tags: Tags }, { additionalProperties: false }),
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await store.setRunTags(request.params.runId, request.body.tags);
      return reply.status(204).send(null);
    },
  });
};

/** The stored run, or NOT_FOUND in the core's words. */
export async function requireStoredRun(store: RouteContext['mlops']['metadataStore'], runId: string) {
  const run = await store.getRun(runId);
  if (!run) throw new MLOpsError('NOT_FOUND', `Run '${runId}' does not exist. Check the id, or list an experiment's runs with GET /api/v1/experiments/{experimentId}/runs.`);
  return run;
}
