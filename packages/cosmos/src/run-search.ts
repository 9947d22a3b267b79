import type { Container } from '@azure/cosmos';
import {
  runFields,
  evaluateExperimentSearch,
  evaluateRunSearch,
  type Experiment,
  type ExperimentSearchQuery,
  type Run,
  type RunSearchPage,
  type RunSearchQuery,
} from '@mlops-ts/core';
import { compileFilter, experimentFieldPaths, QueryParameters, runFieldPaths } from './filter-compiler.js';
import { queryAll, type SqlQuery } from './item-access.js';
import { projectionOf } from './item-paths.js';
import { toExperiment, toRun, type RunItem } from './items.js';

/**
 * Search in two steps. Cosmos DB selects the candidates with one query: the run items of
 * the searched experiments (`experimentId IN (…)`, served by the index) that pass the
 * compiled filter (exact for comparisons, IN and null checks on metrics, params, tags and
 * attributes; a necessary condition for LIKE). The core's reference evaluator then
 * applies the exact filter, the order (values, then NaN, then missing, in both
 * directions; strings by code point; ties by id) and the page.
 *
 * Ordering and paging happen here rather than in Cosmos DB because its ORDER BY cannot
 * sort by a parameter-named key (`metrics.<key>` would have to be written into the query
 * text), does not place NaN and missing values as the filter language requires, and
 * across partitions needs a composite index per combination of sort keys; and OFFSET
 * costs as many request units as the items it skips, so a deep page is no cheaper than
 * reading the candidates. The cost is one read of the matching run items per page, which
 * is what a search of up to some tens of thousands of runs per experiment can afford.
 */

/** The run item fields a search returns (not the merge positions of latest metric values). */
const runProjection = `${projectionOf(runFields.fields, 'c')}, c.tags, c.params, c.metrics`;

/** The candidate query of a run search: the experiments' run items up to `maxRunId` that pass the compiled filter. */
export function compileRunCandidateQuery(query: RunSearchQuery): SqlQuery {
  const parameters = new QueryParameters();
  const conditions = [`c.type = ${parameters.bind('run')}`, experimentScope(query.experimentIds, parameters)];
  if (query.maxRunId !== undefined) conditions.push(`c.id <= ${parameters.bind(query.maxRunId)}`);
  if (query.filter !== undefined) conditions.push(compileFilter(query.filter, runFieldPaths, parameters));
  return { query: `SELECT ${runProjection} FROM c WHERE ${conditions.join(' AND ')}`, parameters: parameters.list };
}

/** The largest run id of the experiments, whatever the filter (what `RunSearchPage.maxRunId` reports). */
export function compileMaxRunIdQuery(experimentIds: readonly string[]): SqlQuery {
  const parameters = new QueryParameters();
  const conditions = [`c.type = ${parameters.bind('run')}`, experimentScope(experimentIds, parameters)];
  return { query: `SELECT VALUE MAX(c.id) FROM c WHERE ${conditions.join(' AND ')}`, parameters: parameters.list };
}

/** The candidate query of an experiment search over the name claims, which hold each experiment. */
export function compileExperimentCandidateQuery(query: ExperimentSearchQuery): SqlQuery {
  const parameters = new QueryParameters();
  const conditions = [`c.type = ${parameters.bind('experiment-name')}`];
  if (query.filter !== undefined) conditions.push(compileFilter(query.filter, experimentFieldPaths, parameters));
  return { query: `SELECT c.record FROM c WHERE ${conditions.join(' AND ')}`, parameters: parameters.list };
}

/** A page of runs: the candidates from Cosmos DB, finished by the reference evaluator. Crosses partitions. */
export async function searchRuns(runs: Container, query: RunSearchQuery): Promise<RunSearchPage> {
  // The largest id ignores the filter; without a filter the candidates are all the runs anyway.
  const needsMaxRunIdQuery = query.maxRunId === undefined && query.filter !== undefined;
  const [candidates, maxRunIds] = await Promise.all([
    queryAll<RunItem>(runs, compileRunCandidateQuery(query), 'the runs matching a search'),
    needsMaxRunIdQuery ? queryAll<string | null>(runs, compileMaxRunIdQuery(query.experimentIds), 'the newest run of the searched experiments') : [],
  ]);
  const page = evaluateRunSearch(candidates.map(toRun) satisfies Run[], query);
  return needsMaxRunIdQuery ? { ...page, maxRunId: maxRunIds[0] ?? null } : page;
}

/** Experiments matching the query, in its order. Crosses partitions (one claim per experiment). */
export async function searchExperiments(catalog: Container, query: ExperimentSearchQuery): Promise<Experiment[]> {
  const candidates = await queryAll<{ record: Experiment }>(catalog, compileExperimentCandidateQuery(query), 'the experiments matching a search');
  return evaluateExperimentSearch(
    candidates.map(({ record }) => toExperiment(record)),
    query,
  );
}

/** Up to this many experiments are listed with IN (which the index serves best); more are passed as one array. */
export const maxExperimentsInList = 100;

// A search of every experiment passes all their ids; IN lists are limited in length, an array parameter is not.
function experimentScope(experimentIds: readonly string[], parameters: QueryParameters): string {
  if (experimentIds.length > maxExperimentsInList) return `ARRAY_CONTAINS(${parameters.bind([...experimentIds])}, c.experimentId)`;
  return `c.experimentId IN (${experimentIds.map((id) => parameters.bind(id)).join(', ')})`;
}
