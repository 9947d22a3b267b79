import { runFields, uuidv7, type MLOpsContext, type Run, type RunInfo, type RunUpdate } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withoutControlCharacters } from '../../schemas/common-schemas.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import type { RouteContext } from '../route-context.js';
import { MlflowApiError } from './mlflow-errors.js';
import { mlflowTags, toMlflowRun, toMlflowRunInfo } from './mlflow-entities.js';
import { defaultExperiment, MlflowExperimentIds } from './mlflow-ids.js';
import { coreRunStatus, decodeInt64, ExperimentIdValue, IdString, Int64, Key, MlflowRunStatus, RunIdFields, runIdOf, TagList, tagsOf } from './mlflow-schemas.js';

const hidden = { hide: true } as const;
const RunName = Type.String({ maxLength: 250, pattern: withoutControlCharacters });
const RunIdBody = Type.Object({ run_id: IdString });

/** MLflow's runs: create, get, update, delete, restore, set-tag, delete-tag. */
export const mlflowRunRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const { lifecycle, metadataStore: store } = mlops;

  app.post('/runs/create', {
    schema: {
      ...hidden,
      body: Type.Object({ experiment_id: Type.Optional(ExperimentIdValue), user_id: Type.Optional(Type.String()), run_name: Type.Optional(RunName), start_time: Type.Optional(Int64), tags: Type.Optional(TagList) }),
    },
    handler: async (request) => {
      const body = request.body;
      const ids = new MlflowExperimentIds(mlops);
      const experiment = await ids.resolve(String(body.experiment_id ?? defaultExperiment.id));
      if (experiment.lifecycleStage === 'deleted') {
        throw new MlflowApiError('INVALID_PARAMETER_VALUE', `The experiment '${body.experiment_id}' is deleted, so it takes no new runs. Restore it with experiments/restore, or log to another experiment.`);
      }
      const tags = tagsOf(body.tags);
      if (body.user_id && tags[mlflowTags.user] === undefined) tags[mlflowTags.user] = body.user_id;
      const name = body.run_name || tags[mlflowTags.runName] || null;
      if (name !== null) tags[mlflowTags.runName] = name;
      // MLflow's nesting and commit tags fill the core's fields too (a parent on another server stays a tag only).
      const parent = tags[mlflowTags.parentRunId];
      const parentRunId = parent !== undefined && (await store.getRun(parent)) ? parent : null;
      const commit = tags[mlflowTags.gitCommit];
      const gitCommit = commit !== undefined && commit.length > 0 && commit.length <= 250 ? commit : null;
      // Written through the store as /api/v1 does, so the run keeps the client's start_time (the catalog stamps the server's clock).
      const record = withDefaults<RunInfo>(runFields, {
        id: uuidv7(),
        experimentId: experiment.id,
        name,
        status: 'running',
        startTime: body.start_time === undefined ? Date.now() : decodeInt64(body.start_time),
        gitCommit,
        parentRunId,
        tags,
      });
      await store.createRun(record);
      return { run: toMlflowRun(await lifecycle.getRun(record.id), ids.mlflowIdOf(experiment)) };
    },
  });

  app.get('/runs/get', {
    schema: { ...hidden, querystring: Type.Object(RunIdFields) },
    handler: async (request) => {
      const run = await lifecycle.getRun(runIdOf(request.query));
      return { run: await describeRun(mlops, run) };
    },
  });

  app.post('/runs/update', {
    schema: { ...hidden, body: Type.Object({ ...RunIdFields, status: Type.Optional(MlflowRunStatus), end_time: Type.Optional(Int64), run_name: Type.Optional(RunName) }) },
    handler: async (request) => {
      const runId = runIdOf(request.body);
      const run = await lifecycle.getRun(runId);
      const { status, end_time: endTime, run_name: runName } = request.body;
      // Status and end time go to the store: the catalog's endRun stamps the server's clock and cannot resume a run.
      const update: RunUpdate = {};
      if (status !== undefined) {
        update.status = coreRunStatus(status);
        update.endTime = endTime !== undefined ? decodeInt64(endTime) : update.status === 'running' ? null : (run.endTime ?? Date.now());
      } else if (endTime !== undefined) update.endTime = decodeInt64(endTime);
      if (Object.keys(update).length > 0) await store.updateRun(runId, update);
      if (runName !== undefined && runName !== '') await renameRun(mlops, runId, runName);
      const updated = await lifecycle.getRun(runId);
      return { run_info: toMlflowRunInfo(updated, await new MlflowExperimentIds(mlops).mlflowIdOfCoreId(updated.experimentId)) };
    },
  });

  app.post('/runs/delete', {
    schema: { ...hidden, body: RunIdBody },
    handler: async (request) => {
      await lifecycle.deleteRun(request.body.run_id);
      return {};
    },
  });

  app.post('/runs/restore', {
    schema: { ...hidden, body: RunIdBody },
    handler: async (request) => {
      await lifecycle.restoreRun(request.body.run_id);
      return {};
    },
  });

  app.post('/runs/set-tag', {
    schema: { ...hidden, body: Type.Object({ ...RunIdFields, key: Key, value: Type.String() }) },
    handler: async (request) => {
      const runId = runIdOf(request.body);
      const { key, value } = request.body;
      if (key === mlflowTags.runName) await renameRun(mlops, runId, value === '' ? null : value);
      else await lifecycle.setTags(runId, { [key]: value });
      return {};
    },
  });

  app.post('/runs/delete-tag', {
    schema: { ...hidden, body: Type.Object({ ...RunIdFields, key: Key }) },
    handler: async (request) => {
      const runId = runIdOf(request.body);
      const { key } = request.body;
      const run = await lifecycle.getRun(runId);
      const tags = (await describeRun(mlops, run)).data.tags;
      if (!tags.some((tag) => tag.key === key)) {
        throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `No tag with name '${key}' in run with id '${runId}'. Read the run's tags with runs/get.`);
      }
      if (key === mlflowTags.runName) await renameRun(mlops, runId, null);
      else await lifecycle.deleteRunTags(runId, [key]);
      return {};
    },
  });
};

/** A run as MLflow's `Run` message. */
export async function describeRun(mlops: MLOpsContext, run: Run) {
  return toMlflowRun(run, await new MlflowExperimentIds(mlops).mlflowIdOfCoreId(run.experimentId));
}

/** Sets the run's name and its `mlflow.runName` tag together, as MLflow keeps them (null clears both). */
export async function renameRun(mlops: MLOpsContext, runId: string, name: string | null): Promise<void> {
  if (name !== null && (name.length > 250 || /[\u0000-\u001f\u007f-\u009f]/.test(name))) {
    throw new MlflowApiError('INVALID_PARAMETER_VALUE', 'A run name is at most 250 characters without control characters. Send a shorter name.');
  }
  await mlops.lifecycle.setRunName(runId, name);
  if (name === null) await mlops.lifecycle.deleteRunTags(runId, [mlflowTags.runName]);
  else await mlops.lifecycle.setTags(runId, { [mlflowTags.runName]: name });
}
