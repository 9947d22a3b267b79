import type { Experiment, Run } from '../spec/v1/index.js';
import type { ExperimentSearchQuery } from '../spec/v1/experiment-search-query.js';
import type { RunSearchPage } from '../spec/v1/run-search-page.js';
import type { RunSearchQuery } from '../spec/v1/run-search-query.js';
import type { RunCountQuery } from '../spec/v1/run-count-query.js';
import { readExperimentField, readRunField } from './entity-fields.js';
import { matchesFilter } from './filter-evaluator.js';
import { compareByOrder, compareCodePoints } from './search-ordering.js';

/**
 * The reference semantics of `MetadataStoreV1.searchRuns` over runs held in memory:
 * keeps the runs of `query.experimentIds` with ids up to `query.maxRunId` that match the
 * filter, sorts them by `query.orderBy` then id, and returns the page at
 * `offset`/`limit`. `runs` may hold runs of other experiments; they are ignored.
 */
export function evaluateRunSearch(runs: readonly Run[], query: RunSearchQuery): RunSearchPage {
  const experimentIds = new Set(query.experimentIds);
  const { maxRunId, filter } = query;
  const inScope = runs.filter(
    (run) => experimentIds.has(run.experimentId) && (maxRunId === undefined || compareCodePoints(run.id, maxRunId) <= 0),
  );
  let largestId: string | null = null;
  for (const run of inScope) if (largestId === null || compareCodePoints(run.id, largestId) > 0) largestId = run.id;
  const matching = filter === undefined ? inScope : inScope.filter((run) => matchesFilter(filter, run, readRunField));
  matching.sort(compareByOrder(query.orderBy, readRunField));
  const end = query.offset + query.limit;
  return { runs: matching.slice(query.offset, end), hasMore: matching.length > end, maxRunId: largestId };
}

/** The reference semantics of `MetadataStoreV1.countRuns`: the runs `evaluateRunSearch` would page through. */
export function evaluateRunCount(runs: readonly Run[], query: RunCountQuery): number {
  const experimentIds = new Set(query.experimentIds);
  const { maxRunId, filter } = query;
  let count = 0;
  for (const run of runs) {
    if (!experimentIds.has(run.experimentId)) continue;
    if (maxRunId !== undefined && compareCodePoints(run.id, maxRunId) > 0) continue;
    if (filter === undefined || matchesFilter(filter, run, readRunField)) count += 1;
  }
  return count;
}

/** The reference semantics of `MetadataStoreV1.searchExperiments`: filter, then order, then id. */
export function evaluateExperimentSearch(experiments: readonly Experiment[], query: ExperimentSearchQuery): Experiment[] {
  const { filter } = query;
  const matching = filter === undefined ? [...experiments] : experiments.filter((experiment) => matchesFilter(filter, experiment, readExperimentField));
  return matching.sort(compareByOrder(query.orderBy, readExperimentField));
}
