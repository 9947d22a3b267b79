import type { Container } from '@azure/cosmos';
import {
  evaluateModelVersionSearch,
  evaluateRegisteredModelSearch,
  modelVersionFields,
  registeredModelFields,
  type FilterExpression,
  type ModelVersionSearchPage,
  type ModelVersionSearchQuery,
  type RegisteredModelSearchPage,
  type RegisteredModelSearchQuery,
} from '@mlops-ts/core';
import { compileFilter, QueryParameters, type FilterFieldPaths } from './filter-compiler.js';
import { queryAll } from './item-access.js';
import { searchablePaths } from './item-paths.js';
import { toModelVersion, toRegisteredModel, type ModelVersionItem, type RegisteredModelItem } from './model-registry-items.js';

/*
 * Registry searches in two steps, as run searches: Cosmos DB selects candidates with the
 * compiled filter, the core's reference evaluator applies the exact filter, the order and
 * the page. A version item holds neither its model's name nor its aliases (the record
 * does, so renames and alias moves touch one item): predicates on `name` and `alias`
 * count as true for the candidates (the filter language has no NOT above a predicate, so
 * the candidates stay a superset) and are decided on the versions filled from the records.
 */

/** Attribute paths of version items; `name` and `alias` live on the record. */
const versionPaths: FilterFieldPaths = pathsOf(searchablePaths(modelVersionFields.fields.filter((field) => field.property !== 'modelName'), 'c'), 'c.tags');

/** Attribute paths of registered model records. */
const recordPaths: FilterFieldPaths = pathsOf(searchablePaths(registeredModelFields.fields, 'c'), 'c.tags');

function pathsOf(attributes: ReturnType<typeof searchablePaths>, tags: string): FilterFieldPaths {
  return { attribute: (name) => attributes.get(name), keyed: (kind) => (kind === 'tag' ? tags : undefined) };
}

/** The filter with predicates on `name` and `alias` taken as true; undefined when nothing is left to check. */
export function versionCandidateFilter(expression: FilterExpression | undefined): FilterExpression | undefined {
  if (expression === undefined) return undefined;
  if (expression.kind === 'and' || expression.kind === 'or') {
    const operands = expression.operands.map(versionCandidateFilter);
    if (expression.kind === 'or' && operands.some((operand) => operand === undefined)) return undefined;
    const kept = operands.filter((operand): operand is FilterExpression => operand !== undefined);
    if (kept.length === 0) return undefined;
    return kept.length === 1 ? kept[0] : { ...expression, operands: kept };
  }
  return expression.field.kind === 'attribute' && (expression.field.name === 'name' || expression.field.name === 'alias') ? undefined : expression;
}

/** One page of versions: candidates from Cosmos DB, filled from the records, finished by the reference evaluator. Crosses partitions. */
export async function searchModelVersions(models: Container, query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> {
  const parameters = new QueryParameters();
  const conditions = [`c.type = ${parameters.bind('model-version')}`];
  if (query.maxId !== undefined) conditions.push(`c.id <= ${parameters.bind(query.maxId)}`);
  const candidateFilter = versionCandidateFilter(query.filter);
  if (candidateFilter !== undefined) conditions.push(compileFilter(candidateFilter, versionPaths, parameters));
  const [records, candidates, newest] = await Promise.all([
    queryAll<RegisteredModelItem>(models, { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'registered-model' }] }, 'the registered models'),
    queryAll<ModelVersionItem>(models, { query: `SELECT * FROM c WHERE ${conditions.join(' AND ')}`, parameters: parameters.list }, 'the model versions matching a search'),
    query.maxId === undefined
      ? queryAll<string | null>(models, { query: 'SELECT VALUE MAX(c.id) FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'model-version' }] }, 'the newest model version')
      : [],
  ]);
  const byId = new Map(records.map((record) => [record.id, record]));
  const versions = candidates.filter((item) => byId.has(item.registeredModelId)).map((item) => toModelVersion(item, byId.get(item.registeredModelId)!));
  const page = evaluateModelVersionSearch(versions, query);
  return query.maxId === undefined ? { ...page, maxId: newest[0] ?? null } : page;
}

/** One page of registered models: candidates from Cosmos DB, finished by the reference evaluator. Crosses partitions. */
export async function searchRegisteredModels(models: Container, query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> {
  const parameters = new QueryParameters();
  const conditions = [`c.type = ${parameters.bind('registered-model')}`];
  if (query.maxId !== undefined) conditions.push(`c.id <= ${parameters.bind(query.maxId)}`);
  if (query.filter !== undefined) conditions.push(compileFilter(query.filter, recordPaths, parameters));
  const [candidates, newest] = await Promise.all([
    queryAll<RegisteredModelItem>(models, { query: `SELECT * FROM c WHERE ${conditions.join(' AND ')}`, parameters: parameters.list }, 'the registered models matching a search'),
    query.maxId === undefined && query.filter !== undefined
      ? queryAll<string | null>(models, { query: 'SELECT VALUE MAX(c.id) FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'registered-model' }] }, 'the newest registered model')
      : [],
  ]);
  const page = evaluateRegisteredModelSearch(candidates.map(toRegisteredModel), query);
  return query.maxId === undefined && query.filter !== undefined ? { ...page, maxId: newest[0] ?? null } : page;
}
