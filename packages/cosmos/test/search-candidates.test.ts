import { evaluateRunSearch, parseFilter, type RunSearchQuery } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosmosMetadataStore } from '../src/index.js';
import { compileRunCandidateQuery } from '../src/run-search.js';
import { dropDatabase, localClient, localCosmosOptions, uniqueDatabaseId } from './support/local-cosmos.js';
import { newExperiment, newRun } from './support/records.js';

// The store finishes every search with the core's evaluator, so the conformance table would
// pass even if the compiled Cosmos SQL let too much through. This file checks the SQL on
// its own: exactly the matching runs for everything but LIKE, a superset for LIKE.

const databaseId = uniqueDatabaseId('search-sql');
let store: CosmosMetadataStore;
let experimentIds: string[];

beforeAll(async () => {
  store = new CosmosMetadataStore(localCosmosOptions({ databaseId }));
  await store.connect();
  const vision = await store.createExperiment(newExperiment('vision'));
  const audio = await store.createExperiment(newExperiment('audio'));
  experimentIds = [vision.id, audio.id];
  const fixtures: [string, Record<string, number>, Record<string, string>, Record<string, string>, Partial<Parameters<typeof newRun>[1]>][] = [
    ['r1', { accuracy: 0.91, loss: 0.2 }, { lr: '0.01', model: 'res_net' }, { team: 'a' }, { status: 'finished', endTime: 5, trainingTimeMs: 100, gitCommit: 'abc' }],
    ['r2', { accuracy: Number.NaN, loss: Number.POSITIVE_INFINITY }, { lr: '0.1' }, { team: 'b' }, {}],
    ['r3', { accuracy: Number.NEGATIVE_INFINITY, 'f1 score': 0.8 }, { lr: "it's" }, {}, { status: 'failed', trainingTimeMs: 0 }],
    ['r4', { loss: -1 }, { model: 'ResNet' }, { team: 'a', 'odd key"]': 'x' }, { gitCommit: 'def' }],
    ['r5', { accuracy: 0, loss: 0 }, {}, { team: '日本' }, { status: 'killed', endTime: 9 }],
    ['r6', {}, { lr: '0.01' }, {}, {}],
  ];
  for (const [name, metrics, params, tags, overrides] of fixtures) {
    const run = newRun(name === 'r5' || name === 'r6' ? audio.id : vision.id, { name, tags, ...overrides });
    await store.createRun(run);
    if (Object.keys(params).length > 0) await store.logParams(run.id, Object.entries(params).map(([key, value]) => ({ key, value })));
    const points = Object.entries(metrics).map(([key, value]) => ({ runId: run.id, key, value, step: 0, timestamp: 1 }));
    if (points.length > 0) await store.logMetrics(points);
  }
});

afterAll(async () => {
  await store.close();
  await dropDatabase(databaseId);
});

const exactFilters = [
  'metrics.accuracy > 0.5',
  'metrics.accuracy < 0.5',
  'metrics.accuracy <= 0',
  'metrics.accuracy != 0.91',
  'metrics.accuracy = 0',
  'metrics.loss >= 0',
  'metrics.loss IN (0, 0.2)',
  'metrics.loss NOT IN (0, 0.2)',
  'metrics.accuracy IS NULL',
  'metrics.accuracy IS NOT NULL',
  'metrics.`f1 score` > 0.5',
  "params.lr = '0.01'",
  "params.lr != '0.01'",
  "params.lr IN ('0.1', 'it\\'s')",
  "params.lr NOT IN ('0.1')",
  'params.model IS NULL',
  "tags.team = '日本'",
  "tags.`odd key\"]` = 'x'",
  "tags.team != 'a'",
  "attributes.status = 'finished'",
  "attributes.status != 'running'",
  'attributes.end_time IS NULL',
  'attributes.end_time > 6',
  'attributes.end_time != 5',
  'attributes.training_time NOT IN (100)',
  "attributes.git_commit IN ('abc', 'def')",
  "attributes.name = 'r3' or metrics.loss < 0 and tags.team = 'a'",
  "(attributes.name = 'r3' or metrics.loss < 0) and tags.team = 'a'",
];

const likeFilters = ["params.model LIKE 'res\\_%'", "params.model ILIKE 'res%'", "tags.team LIKE '%'", "attributes.name LIKE 'r_'"];

async function candidateNames(query: RunSearchQuery): Promise<string[]> {
  const client = localClient();
  try {
    const { resources } = await client.database(databaseId).container('runs').items.query<{ name: string }>(compileRunCandidateQuery(query)).fetchAll();
    return resources.map((run) => run.name).sort();
  } finally {
    client.dispose();
  }
}

async function referenceNames(query: RunSearchQuery): Promise<string[]> {
  const runs = (await Promise.all(experimentIds.map((id) => store.listRuns(id)))).flat();
  return evaluateRunSearch(runs, query).runs.map((run) => run.name!).sort();
}

function searchOf(filter: string): RunSearchQuery {
  return { experimentIds, filter: parseFilter(filter), orderBy: [{ field: { kind: 'attribute', name: 'run_id' }, direction: 'asc' }], limit: 10_000, offset: 0 };
}

describe('compiled Cosmos SQL on the local server', () => {
  it.each(exactFilters)('selects exactly the matching runs: %s', async (filter) => {
    const query = searchOf(filter);
    expect(await candidateNames(query)).toEqual(await referenceNames(query));
  });

  it.each(likeFilters)('selects a superset of the matching runs for LIKE: %s', async (filter) => {
    const query = searchOf(filter);
    const candidates = await candidateNames(query);
    expect(candidates).toEqual(expect.arrayContaining(await referenceNames(query)));
  });

  it('scopes to many experiments through one array parameter', async () => {
    const many = [...experimentIds, ...Array.from({ length: 150 }, (_, index) => `absent-${index}`)];
    const query: RunSearchQuery = { experimentIds: many, filter: parseFilter("params.lr = '0.01'"), orderBy: [], limit: 10, offset: 0 };
    expect(await candidateNames(query)).toEqual(['r1', 'r6']);
  });

  it('scopes to the given experiments and to ids up to maxRunId', async () => {
    const [visionId] = experimentIds;
    const all = (await store.listRuns(visionId!)).map((run) => run.id).sort();
    const query: RunSearchQuery = { experimentIds: [visionId!], orderBy: [], limit: 10, offset: 0, maxRunId: all[1]! };
    expect(await candidateNames(query)).toEqual((await store.listRuns(visionId!)).filter((run) => run.id <= all[1]!).map((run) => run.name!).sort());
  });
});
