import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { RouteContext } from '../route-context.js';
import { alreadyExistsOnConflict, MlflowApiError } from './mlflow-errors.js';
import { toMlflowExperiment } from './mlflow-entities.js';
import { MlflowExperimentIds } from './mlflow-ids.js';
import { maxResultsOf, pageOf } from './mlflow-paging.js';
import { decodeInt64, ExperimentIdValue, IdString, Int64, Key, lifecycleOfViewType, PageToken, TagList, tagsOf, ViewType } from './mlflow-schemas.js';

const hidden = { hide: true } as const;
const ExperimentIdBody = Type.Object({ experiment_id: ExperimentIdValue });
const SearchExperiments = Type.Object({
  max_results: Type.Optional(Int64),
  page_token: Type.Optional(PageToken),
  filter: Type.Optional(Type.String({ maxLength: 10_000 })),
  order_by: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 })),
  view_type: Type.Optional(ViewType),
});

/** MLflow's experiments: create, get, get-by-name, search (and 1.x list), update, delete, restore, tags. */
export const mlflowExperimentRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops }) => {
  const { lifecycle, metadataStore: store } = mlops;

  app.post('/experiments/create', {
    schema: { ...hidden, body: Type.Object({ name: Type.String({ minLength: 1 }), artifact_location: Type.Optional(Type.String()), tags: Type.Optional(TagList) }) },
    handler: async (request) => {
      const { name, artifact_location: artifactLocation, tags } = request.body;
      if (artifactLocation !== undefined && artifactLocation !== '') {
        throw new MlflowApiError(
          'INVALID_PARAMETER_VALUE',
          `This server stores every run's artifacts in its own model repository, so an experiment cannot have the artifact_location '${artifactLocation.slice(0, 200)}'. Leave artifact_location out.`,
        );
      }
      if (await store.getExperimentByName(name)) throw experimentExists(name);
      const experiment = await lifecycle.createExperiment(name, { tags: tagsOf(tags) });
      return { experiment_id: new MlflowExperimentIds(mlops).mlflowIdOf(experiment) };
    },
  });

  app.get('/experiments/get', {
    schema: { ...hidden, querystring: Type.Object({ experiment_id: IdString }) },
    handler: async (request) => {
      const ids = new MlflowExperimentIds(mlops);
      return { experiment: toMlflowExperiment(await ids.resolve(request.query.experiment_id), ids) };
    },
  });

  app.get('/experiments/get-by-name', {
    schema: { ...hidden, querystring: Type.Object({ experiment_name: Type.String({ minLength: 1 }) }) },
    handler: async (request) => {
      const found = await store.getExperimentByName(request.query.experiment_name);
      if (!found) {
        throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${request.query.experiment_name.slice(0, 500)}'. Create it with experiments/create.`);
      }
      return { experiment: toMlflowExperiment(found, new MlflowExperimentIds(mlops)) };
    },
  });

  const search = async (query: Static<typeof SearchExperiments>) => {
    const maxResults = maxResultsOf(query.max_results === undefined ? undefined : decodeInt64(query.max_results), 1_000, 50_000);
    const experiments = await lifecycle.searchExperiments({
      ...(query.filter ? { filter: query.filter } : {}),
      ...(query.order_by?.length ? { orderBy: query.order_by } : {}),
      lifecycle: lifecycleOfViewType(query.view_type),
    });
    const { page, nextPageToken } = pageOf(experiments, maxResults, query.page_token);
    const ids = new MlflowExperimentIds(mlops);
    return { experiments: page.map((experiment) => toMlflowExperiment(experiment, ids)), ...(nextPageToken ? { next_page_token: nextPageToken } : {}) };
  };
  app.post('/experiments/search', { config: { scope: 'read' }, schema: { ...hidden, body: SearchExperiments }, handler: (request) => search(request.body) });
  app.get('/experiments/search', { schema: { ...hidden, querystring: SearchExperiments }, handler: (request) => search(request.query) });
  // MLflow 1.x's list (removed in 2.0), still called by older clients: the unfiltered search.
  app.get('/experiments/list', {
    schema: { ...hidden, querystring: Type.Object({ view_type: Type.Optional(ViewType), max_results: Type.Optional(Int64), page_token: Type.Optional(PageToken) }) },
    handler: (request) => search(request.query),
  });

  app.post('/experiments/update', {
    schema: { ...hidden, body: Type.Object({ experiment_id: ExperimentIdValue, new_name: Type.Optional(Type.String()) }) },
    handler: async (request) => {
      const experiment = await new MlflowExperimentIds(mlops).resolve(String(request.body.experiment_id));
      const newName = request.body.new_name;
      if (newName !== undefined && newName !== '' && newName !== experiment.name) {
        await alreadyExistsOnConflict(() => lifecycle.renameExperiment(experiment.id, newName));
      }
      return {};
    },
  });

  app.post('/experiments/delete', {
    schema: { ...hidden, body: ExperimentIdBody },
    handler: async (request) => {
      const experiment = await new MlflowExperimentIds(mlops).resolve(String(request.body.experiment_id));
      await lifecycle.deleteExperiment(experiment.id);
      return {};
    },
  });

  app.post('/experiments/restore', {
    schema: { ...hidden, body: ExperimentIdBody },
    handler: async (request) => {
      const experiment = await new MlflowExperimentIds(mlops).resolve(String(request.body.experiment_id));
      await lifecycle.restoreExperiment(experiment.id);
      return {};
    },
  });

  app.post('/experiments/set-experiment-tag', {
    schema: { ...hidden, body: Type.Object({ experiment_id: ExperimentIdValue, key: Key, value: Type.String() }) },
    handler: async (request) => {
      const experiment = await new MlflowExperimentIds(mlops).resolve(String(request.body.experiment_id));
      await lifecycle.setExperimentTags(experiment.id, { [request.body.key]: request.body.value });
      return {};
    },
  });

  app.post('/experiments/delete-experiment-tag', {
    schema: { ...hidden, body: Type.Object({ experiment_id: ExperimentIdValue, key: Key }) },
    handler: async (request) => {
      const experiment = await new MlflowExperimentIds(mlops).resolve(String(request.body.experiment_id));
      if (experiment.tags[request.body.key] === undefined) {
        throw new MlflowApiError('RESOURCE_DOES_NOT_EXIST', `No tag with name '${request.body.key}' in experiment '${request.body.experiment_id}'. Read its tags with experiments/get.`);
      }
      await lifecycle.deleteExperimentTags(experiment.id, [request.body.key]);
      return {};
    },
  });
};

function experimentExists(name: string): MlflowApiError {
  return new MlflowApiError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name.slice(0, 500)}) already exists. Use experiments/get-by-name to find it, or choose another name.`);
}
