import { parseFilter, parseOrderBy, type FilterExpression } from '@mlops-ts/core';
import {
  newDataSetRecord,
  newDeploymentRecord,
  newDeploymentTargetRecord,
  newExperimentRecord,
  newModelVersionRecord,
  newRegisteredModelRecord,
  newRunArtifactRecord,
  newRunRecord,
} from '@mlops-ts/provider-tests';
import { SqlMetadataStore } from '@mlops-ts/sql';
import nodeSqlParser from 'node-sql-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqlServerDialect } from '../src/sql-server-dialect.js';
import { createRecordingDatabase, recordedStage, type RecordedStatement } from './support/recording-database.js';

const { Parser } = nodeSqlParser;
const parser = new Parser();

/**
 * Every statement the shared store sends to SQL Server, from migrations to search, by
 * driving each store method against a database that records instead of running.
 */
async function generateEveryStatement(): Promise<RecordedStatement[]> {
  const { database, statements } = createRecordingDatabase();
  const store = new SqlMetadataStore({
    providerId: 'sql-server',
    dialect: sqlServerDialect,
    storeLabel: 'The SQL Server store for the recorder',
    databaseLabel: 'The recording database',
    packageName: '@mlops-ts/sql-server',
    builderMethod: 'useSQLServer()',
    open: async () => database,
  });
  const run = newRunRecord({ id: 'x', experimentId: 'e', name: 'n', startTime: 1, trainingTimeMs: 2.5, gitCommit: 'abc', parentRunId: 'p', tags: { team: 'a', stage: 'b' } });
  await store.connect();
  await store.createExperiment(newExperimentRecord({ id: 'e', name: 'iris', tags: { team: 'vision' }, createdAt: 1 }));
  await store.getExperimentById('e');
  await store.getExperimentByName('iris');
  await store.listExperiments();
  await store.createRun(run);
  await store.getRun('x');
  await store.listRuns('e');
  await store.listRunsByGitCommit('abc');
  await store.updateRun('x', { status: 'finished', endTime: 5, trainingTimeMs: 4 });
  await store.setRunTags('x', { owner: 'ada' });
  await store.logParams('x', [{ key: 'lr', value: 'v' }]);
  const points = Array.from({ length: 1_500 }, (_, step) => ({ runId: 'x', key: `m${step % 3}`, value: [0.5, Number.NaN, Number.POSITIVE_INFINITY, -0][step % 4]!, step, timestamp: step }));
  await store.logMetrics(points);
  await store.getMetricHistory('x', 'm0');
  await store.getMetricHistory('x', 'm0', { startStep: 1, endStep: 9 });
  await store.getSampledMetricHistory('x', 'm0', { startStep: 0 }, 100);
  await store.saveConfusionMatrix({ runId: 'x', labels: ['a'], counts: [[1]], precision: [1], recall: [Number.NaN] });
  await store.getConfusionMatrix('x');
  const dataSet = newDataSetRecord({ id: 'd', runId: 'x', rowCount: 2, distributions: [{ column: 'c', kind: 'categorical', valueCounts: [] }] });
  await store.saveDataSet(dataSet);
  await store.saveDataDistribution('x', 'data', dataSet.distributions[0]!);
  await store.listDataSets('x');
  await store.createRunArtifact(newRunArtifactRecord({ runId: 'x' })).catch(() => undefined); // the recorder says it exists: CONFLICT
  await store.getRunArtifact('a');
  await store.listRunArtifacts('x');
  await store.saveModelSchema({ runId: 'x', inputs: [], outputs: [] });
  await store.getModelSchema('x');
  await store.savePackageDependencies('x', [{ name: 'zod', version: '4' }]);
  await store.listPackageDependencies('x');
  // The registry: registered models, versions, tags, aliases, deletes and searches.
  await store.createRegisteredModel(newRegisteredModelRecord({ id: 'm', name: 'iris', tags: { team: 'vision' } }));
  await store.getRegisteredModelById('m');
  await store.getRegisteredModelByName('iris');
  await store.listRegisteredModels();
  await store.updateRegisteredModel('m', { name: 'iris-classifier', description: 'd', updatedAt: 2 }).catch(() => undefined); // the recorder says the name is taken: CONFLICT
  await store.setRegisteredModelTags('m', { team: 'a' }, 3);
  await store.deleteRegisteredModelTags('m', ['team', 'stage'], 4);
  await store.createModelVersion(newModelVersionRecord({ id: 'v', registeredModelId: 'm', runId: 'x', runArtifactId: 'a', tags: { stage: 'prod' } }));
  await store.getModelVersion('v');
  await store.getModelVersionByNumber('m', 1);
  await store.listModelVersions('m');
  await store.updateModelVersion('v', { description: 'validated' });
  await store.setModelVersionTags('v', { stage: 'staging' });
  await store.deleteModelVersionTags('v', ['stage']);
  await store.setModelAlias({ registeredModelId: 'm', alias: 'champion', modelVersionId: 'v' }).catch(() => undefined); // the recorder's version belongs to another model
  await store.getModelVersionByAlias('m', 'champion');
  await store.deleteModelAlias('m', 'champion');
  for (const filter of registrySearchFilters) {
    await store.searchModelVersions({ filter: parseFilter(filter, { target: 'model-versions' }) as FilterExpression, orderBy: parseOrderBy(['version DESC', 'tags.stage'], 'model-versions'), limit: 100, offset: 200 });
  }
  await store.searchModelVersions({ orderBy: parseOrderBy(undefined, 'model-versions'), limit: 10, offset: 0, maxId: 'z' });
  await store.searchRegisteredModels({ filter: parseFilter("name LIKE 'ir%' and tags.team = 'x' or updated_at > 5", { target: 'registered-models' }) as FilterExpression, orderBy: parseOrderBy(undefined, 'registered-models'), limit: 10, offset: 0 });
  await store.createDeploymentTarget(newDeploymentTargetRecord({ id: 't', name: 'Production', isProduction: true }));
  await store.getDeploymentTargetById('t');
  await store.getDeploymentTargetByName('Production');
  await store.listDeploymentTargets();
  await store.createDeployment(newDeploymentRecord({ id: 'd', deploymentTargetId: 't', registeredModelId: 'm', modelVersionId: 'v' }));
  await store.listDeployments({ registeredModelId: 'm', deploymentTargetId: 't' });
  await store.listDeployments({});
  await store.deleteModelVersion('v');
  await store.deleteRegisteredModel('m');
  await store.deleteDeploymentTarget('t');
  for (const filter of searchFilters) {
    await store.searchRuns({ experimentIds: ['e', 'f'], filter: parseFilter(filter) as FilterExpression, orderBy: parseOrderBy(['metrics.m1 DESC', 'params.p', 'attributes.name']), limit: 100, offset: 200 });
  }
  await store.searchRuns({ experimentIds: ['e'], orderBy: parseOrderBy(undefined), limit: 10, offset: 0, maxRunId: 'z' });
  // A search of all experiments in a store with thousands of them: past 2,100 parameters unless the list travels as one.
  const manyExperimentIds = Array.from({ length: 5_000 }, (_, index) => `e${index}`);
  await store.searchRuns({ experimentIds: manyExperimentIds, filter: parseFilter(searchFilters[0]!) as FilterExpression, orderBy: parseOrderBy(undefined), limit: 10, offset: 0 });
  await store.searchExperiments({ filter: parseFilter("tags.team = 'x' and attributes.name ilike 'ir%' or attributes.created_at > 5", { target: 'experiments' }) as FilterExpression, orderBy: parseOrderBy(['tags.team', 'attributes.created_at DESC'], 'experiments') });
  // Lifecycle: stages, renames, tags, keys, then (with the recorder answering 'deleted') restore and purge.
  await store.listExperiments({ lifecycle: 'all' });
  await store.listRuns('e', { lifecycle: 'deleted' });
  await store.updateExperiment('e', { name: 'renamed', description: 'd' }).catch(() => undefined); // the recorder says the name is taken: CONFLICT
  await store.setExperimentTags('e', { team: 'a' });
  await store.deleteExperimentTags('e', ['team', 'stage']);
  await store.deleteRunTags('x', ['owner']);
  await store.updateRun('x', { name: 'renamed' });
  await store.setExperimentLifecycle('e', 'deleted', 5);
  await store.updateRun('x', { lifecycleStage: 'deleted', deletedAt: 5 });
  await store.listKeys('e');
  await store.listKeys('e', { lifecycle: 'all' });
  await store.searchExperiments({ filter: parseFilter("attributes.lifecycle_stage = 'deleted'", { target: 'experiments' }) as FilterExpression, orderBy: parseOrderBy(undefined, 'experiments') });
  recordedStage.lifecycleStage = 'deleted';
  try {
    await store.setExperimentLifecycle('e', 'active', null);
    await store.purgeRun('x');
    await store.purgeExperiment('e').catch(() => undefined); // the recorder counts runs left: CONFLICT
  } finally {
    recordedStage.lifecycleStage = 'active';
  }
  await store.close();
  return statements;
}

/** Registry filters: every attribute kind of model versions, the set-valued alias included. */
const registrySearchFilters = [
  "name = 'iris' and version >= 2 and run_id IN ('x', 'y') and registered_at > 5 and description IS NULL",
  "tags.stage = 'prod' or tags.stage NOT IN ('a') or registered_by ILIKE 'ADA%'",
  "alias = 'champion' or alias != 'champion' or alias IN ('a', 'b') or alias NOT IN ('c') or alias LIKE 'ch%' or alias IS NULL or alias IS NOT NULL",
];

/** Filters covering every node and field kind of the language. */
const searchFilters = [
  "metrics.accuracy > 0.9 and params.optimizer = 'adam'",
  'metrics.loss >= 0.1 or metrics.loss < -2 or metrics.loss <= 3 or metrics.loss = 1 or metrics.loss != 2',
  'metrics.accuracy IN (0.5, 1) or metrics.accuracy NOT IN (0, 2) or metrics.accuracy IS NULL or metrics.f1 IS NOT NULL',
  "params.lr != '0.1' and tags.owner LIKE 'ada[%' and tags.owner ILIKE 'ZOË' and params.`it's` IN ('yes', 'no') and tags.x NOT IN ('a')",
  "attributes.status = 'finished' and attributes.start_time > 5 and attributes.end_time IS NULL and attributes.training_time <= 2.5",
  "attributes.name LIKE 'v1%' or attributes.git_commit IN ('abc') or attributes.parent_run_id IS NOT NULL or attributes.run_id = 'x'",
  "attributes.lifecycle_stage = 'active' and attributes.deleted_at IS NULL or attributes.deleted_at > 5",
];

/**
 * The SQL with what node-sql-parser's T-SQL grammar lacks made plain: parameters in
 * OFFSET/FETCH, LIKE … ESCAPE, and column-level REFERENCES (with cascades). Each of these
 * is standard T-SQL, and the text removed is fixed (checked by the tests below).
 */
function forParser(sql: string): string {
  return sql
    .replace(/OFFSET @p\d+ ROWS FETCH NEXT @p\d+ ROWS ONLY/g, 'OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY')
    .replaceAll(" ESCAPE '\\'", '')
    .replace(/ REFERENCES \w+ \(\w+\)( ON (UPDATE|DELETE) CASCADE)*/g, '');
}

let statements: RecordedStatement[];
beforeAll(async () => {
  statements = await generateEveryStatement();
});

describe('the T-SQL the store generates', () => {
  it('covers every kind of statement: migrations, writes, bulk writes, reads, down-sampling and search', () => {
    const distinct = new Set(statements.map((statement) => statement.sql));
    expect(distinct.size).toBeGreaterThan(100);
    for (const fragment of ['CREATE TABLE experiments', 'MERGE INTO latest_metrics', 'MERGE INTO metric_block_extremes', 'INSERT INTO metric_block_extremes', 'CROSS APPLY', 'FROM metric_block_extremes', 'INSERT INTO metrics', 'sp_getapplock', 'FETCH NEXT', 'LOWER(', 'UPDLOCK, HOLDLOCK', 'UNION ALL']) {
      expect([...distinct].some((sql) => sql.includes(fragment)), fragment).toBe(true);
    }
  });

  it('binds every value as @p1…@pN, matching the parameters sent, under 2,100 per request', () => {
    for (const { sql, params } of statements) {
      const used = new Set([...sql.matchAll(/@p(\d+)\b/g)].map((match) => Number(match[1])));
      expect(used.size, sql).toBe(params.length);
      expect([...used].every((index) => index >= 1 && index <= params.length), sql).toBe(true);
      expect(params.length, sql.slice(0, 80)).toBeLessThanOrEqual(2_100);
      expect(sql, 'no ? placeholder left').not.toMatch(/\?/);
    }
  });

  it('uses no syntax of the other dialects', () => {
    for (const { sql } of statements) {
      expect(sql).not.toMatch(/\bLIMIT\b|ON CONFLICT|RETURNING|WITHOUT ROWID|::|\bGLOB\b|\bILIKE\b|\bexcluded\./i);
    }
  });

  it('parses as T-SQL, apart from MERGE and the applock batch that the parser does not know', () => {
    const unparsed: string[] = [];
    for (const sql of new Set(statements.map((statement) => statement.sql))) {
      if (sql.startsWith('MERGE INTO') || sql.includes('sp_getapplock')) continue;
      try {
        parser.astify(forParser(sql), { database: 'transactsql' });
      } catch (error) {
        unparsed.push(`${(error as Error).message.slice(0, 120)}\n    in: ${sql.slice(0, 400)}`);
      }
    }
    expect(unparsed).toEqual([]);
  });
});
