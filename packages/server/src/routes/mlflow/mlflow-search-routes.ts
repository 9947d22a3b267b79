import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteContext } from '../route-context.js';
import { listArtifactFolder, normalizeArtifactFolder, toFileInfo } from './mlflow-artifact-folders.js';
import { toMlflowRun } from './mlflow-entities.js';
import { MlflowExperimentIds, runArtifactUri } from './mlflow-ids.js';
import { maxResultsOf } from './mlflow-paging.js';
import { ExperimentIdValue, Int64, decodeInt64, lifecycleOfViewType, PageToken, RunIdFields, runIdOf, ViewType } from './mlflow-schemas.js';

const hidden = { hide: true } as const;
/** The core pages run searches by up to 10,000 runs; a larger max_results gets pages of that size with a next_page_token. */
const corePageLimit = 10_000;

/** MLflow's runs/search and artifacts/list. */
export const mlflowSearchRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const { lifecycle } = mlops;

  app.post('/runs/search', {
    config: { scope: 'read' },
    schema: {
      ...hidden,
      body: Type.Object({
        experiment_ids: Type.Optional(Type.Array(ExperimentIdValue, { maxItems: 1_000 })),
        filter: Type.Optional(Type.String({ maxLength: 10_000 })),
        run_view_type: Type.Optional(ViewType),
        max_results: Type.Optional(Int64),
        order_by: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
        page_token: Type.Optional(PageToken),
      }),
    },
    handler: async (request) => {
      const body = request.body;
      const maxResults = maxResultsOf(body.max_results === undefined ? undefined : decodeInt64(body.max_results), 1_000, 50_000);
      const ids = new MlflowExperimentIds(mlops);
      // Unknown experiments match no runs, as in MLflow (the core would answer NOT_FOUND); none given searches none.
      const experimentIds = (await Promise.all((body.experiment_ids ?? []).map((id) => ids.coreIdOf(String(id))))).filter((id): id is string => id !== null);
      if (experimentIds.length === 0) return { runs: [] };
      const { runs, nextPageToken } = await lifecycle.searchRuns({
        experiments: experimentIds,
        ...(body.filter ? { filter: body.filter } : {}),
        // MLflow's default order: newest first, then by id.
        orderBy: body.order_by?.length ? body.order_by : ['attributes.start_time DESC', 'attributes.run_id ASC'],
        limit: Math.min(maxResults, corePageLimit),
        ...(body.page_token ? { pageToken: body.page_token } : {}),
        lifecycle: lifecycleOfViewType(body.run_view_type),
      });
      const messages = [];
      for (const run of runs) messages.push(toMlflowRun(run, await ids.mlflowIdOfCoreId(run.experimentId)));
      return { runs: messages, ...(nextPageToken ? { next_page_token: nextPageToken } : {}) };
    },
  });

  app.get('/artifacts/list', {
    schema: { ...hidden, querystring: Type.Object({ ...RunIdFields, path: Type.Optional(Type.String({ maxLength: 1_100 })), page_token: Type.Optional(PageToken) }) },
    handler: async (request) => {
      const run = await lifecycle.getRun(runIdOf(request.query));
      const folder = normalizeArtifactFolder(request.query.path);
      const entries = listArtifactFolder(await mlops.model.getRunArtifacts(run.id), folder);
      const mlflowExperimentId = await new MlflowExperimentIds(mlops).mlflowIdOfCoreId(run.experimentId);
      return { root_uri: runArtifactUri(mlflowExperimentId, run.id), files: entries.map((entry) => toFileInfo(entry, entry.path)) };
    },
  });
};
