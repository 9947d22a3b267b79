import { dataSetFields, MLOpsError, runArtifactFields, uuidv7, type DataDistribution as DataDistributionRecord, type DataSet as DataSetRecord, type RunArtifact as RunArtifactRecord } from '@mlops-ts/core';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParameter, NoContent } from '../../schemas/common-schemas.js';
import {
  DataDistributionInput,
  DataSetInput,
  DataSetList,
  ModelSchema,
  ModelSchemaInput,
  PackageDependenciesInput,
  PackageDependencyList,
  RunArtifact,
  RunArtifactInput,
  RunArtifactList,
} from '../../schemas/entities.js';
import { withDefaults } from '../../schemas/field-schemas.js';
import { decodeFloat, decodeFloats } from '../../schemas/json-float.js';
import type { RouteContext } from '../route-context.js';
import { RunPath } from './run-routes.js';

/** What a run records besides params and metrics: data sets, artifact metadata, model schema, package dependencies. */
export const runDataRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { mlops, limits }) => {
  const store = mlops.metadataStore;

  app.post('/runs/:runId/data-sets', {
    bodyLimit: limits.batchBodyBytes,
    schema: {
      tags: ['data sets'],
      summary: 'Store a data set of a run',
      description: "Stores the data set's schema, row count and hash; replaces one of the same name, keeping its distributions when none are sent.",
      params: RunPath,
      body: DataSetInput,
      response: { 204: NoContent, ...errorResponses(404, 409, 413) },
    },
    handler: async (request, reply) => {
      const input = request.body as Partial<DataSetRecord>;
      const record = withDefaults<DataSetRecord>(dataSetFields, {
        ...input,
        id: input.id ?? uuidv7(),
        runId: request.params.runId,
        createdAt: input.createdAt ?? Date.now(),
        distributions: (input.distributions ?? []).map(decodeDistribution),
      });
      await store.saveDataSet(record);
      return reply.status(204).send(null);
    },
  });

  app.get('/runs/:runId/data-sets', {
    schema: { tags: ['data sets'], summary: "List a run's data sets with their distributions", params: RunPath, response: { 200: DataSetList, ...errorResponses(404) } },
    handler: async (request) => ({ dataSets: await store.listDataSets(request.params.runId) }),
  });

  app.put('/runs/:runId/data-distributions', {
    bodyLimit: limits.batchBodyBytes,
    schema: {
      tags: ['data sets'],
      summary: "Store one column's distribution",
      description: 'Adds or replaces the distribution of one column of a stored data set (NOT_FOUND when the data set does not exist).',
      params: RunPath,
      body: DataDistributionInput,
      response: { 204: NoContent, ...errorResponses(404, 409, 413) },
    },
    handler: async (request, reply) => {
      await store.saveDataDistribution(request.params.runId, request.body.dataSetName, decodeDistribution(request.body.distribution as DataDistributionRecord));
      return reply.status(204).send(null);
    },
  });

  app.post('/runs/:runId/artifacts', {
    schema: {
      tags: ['artifacts'],
      summary: "Record an artifact's metadata",
      description: "Records name, size and SHA-256 of an artifact whose bytes were stored with PUT /api/v1/blobs/runs/{runId}/{name}. CONFLICT when the run already has an artifact of that name.",
      params: RunPath,
      body: RunArtifactInput,
      response: { 201: RunArtifact, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      const input = request.body as Partial<RunArtifactRecord>;
      const record = withDefaults<RunArtifactRecord>(runArtifactFields, { ...input, id: input.id ?? uuidv7(), runId: request.params.runId, createdAt: input.createdAt ?? Date.now() });
      await store.createRunArtifact(record);
      return reply.status(201).send(record);
    },
  });

  app.get('/runs/:runId/artifacts', {
    schema: { tags: ['artifacts'], summary: "List a run's artifacts", description: 'Oldest first.', params: RunPath, response: { 200: RunArtifactList, ...errorResponses(404) } },
    handler: async (request) => ({ artifacts: await store.listRunArtifacts(request.params.runId) }),
  });

  app.get('/artifacts/:artifactId', {
    schema: { tags: ['artifacts'], summary: "Get an artifact's metadata by id", params: Type.Object({ artifactId: IdParameter }), response: { 200: RunArtifact, ...errorResponses(404) } },
    handler: async (request) => {
      const artifact = await store.getRunArtifact(request.params.artifactId);
      if (!artifact) throw new MLOpsError('NOT_FOUND', `Run artifact '${request.params.artifactId}' does not exist. List a run's artifacts with GET /api/v1/runs/{runId}/artifacts.`);
      return artifact;
    },
  });

  app.put('/runs/:runId/model-schema', {
    schema: {
      tags: ['runs'],
      summary: "Store the run's model schema",
      description: 'Replaces the input and output tensors recorded for the run.',
      params: RunPath,
      body: ModelSchemaInput,
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await store.saveModelSchema({ runId: request.params.runId, ...request.body });
      return reply.status(204).send(null);
    },
  });

  app.get('/runs/:runId/model-schema', {
    schema: { tags: ['runs'], summary: "Get the run's model schema", params: RunPath, response: { 200: ModelSchema, ...errorResponses(404) } },
    handler: async (request) => {
      const schema = await store.getModelSchema(request.params.runId);
      if (!schema) throw new MLOpsError('NOT_FOUND', `Run '${request.params.runId}' has no model schema (or does not exist). Store one with PUT /api/v1/runs/{runId}/model-schema.`);
      return schema;
    },
  });

  app.put('/runs/:runId/package-dependencies', {
    schema: {
      tags: ['runs'],
      summary: "Store the run's package dependencies",
      description: 'Replaces the packages (name and version) recorded for the run.',
      params: RunPath,
      body: PackageDependenciesInput,
      response: { 204: NoContent, ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await store.savePackageDependencies(request.params.runId, request.body.dependencies);
      return reply.status(204).send(null);
    },
  });

  app.get('/runs/:runId/package-dependencies', {
    schema: { tags: ['runs'], summary: "List the run's package dependencies", params: RunPath, response: { 200: PackageDependencyList, ...errorResponses(404) } },
    handler: async (request) => ({ dependencies: await store.listPackageDependencies(request.params.runId) }),
  });
};

/** A distribution with its `JsonFloat` strings turned back into numbers. */
function decodeDistribution(distribution: DataDistributionRecord): DataDistributionRecord {
  if (distribution.kind !== 'numeric') return distribution;
  const summary = distribution.summary as unknown as Record<string, number | 'NaN' | 'Infinity' | '-Infinity'>;
  return {
    ...distribution,
    summary: { ...distribution.summary, min: decodeFloat(summary.min!), max: decodeFloat(summary.max!), mean: decodeFloat(summary.mean!), stddev: decodeFloat(summary.stddev!) },
    histogram: { binEdges: decodeFloats(distribution.histogram.binEdges), counts: distribution.histogram.counts },
  };
}
