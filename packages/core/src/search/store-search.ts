import type { Experiment } from '../spec/v1/index.js';
import type { ExperimentSearchQuery } from '../spec/v1/experiment-search-query.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { RunSearchPage } from '../spec/v1/run-search-page.js';
import type { RunSearchQuery } from '../spec/v1/run-search-query.js';
import type { RunCountQuery } from '../spec/v1/run-count-query.js';
import { evaluateExperimentSearch, evaluateRunCount, evaluateRunSearch } from './search-evaluator.js';

/**
 * Runs a search on the store: natively when it offers `searchRuns`, else by reading the
 * experiments' runs and evaluating the query in memory (correct, but slow for large stores).
 */
export async function searchRunsInStore(store: MetadataStoreV1, query: RunSearchQuery): Promise<RunSearchPage> {
  if (store.searchRuns) return store.searchRuns(query);
  // Every stage: the query's filter says which (see withLifecycleFilter).
  const runs = (await Promise.all(query.experimentIds.map((experimentId) => store.listRuns(experimentId, { lifecycle: 'all' })))).flat();
  return evaluateRunSearch(runs, query);
}

/** Counts the runs a search matches: natively when the store offers `countRuns`, else in memory over `listRuns`. */
export async function countRunsInStore(store: MetadataStoreV1, query: RunCountQuery): Promise<number> {
  if (store.countRuns) return store.countRuns(query);
  const runs = (await Promise.all(query.experimentIds.map((experimentId) => store.listRuns(experimentId, { lifecycle: 'all' })))).flat();
  return evaluateRunCount(runs, query);
}

/** Searches experiments natively when the store can, else filters `listExperiments` in memory. */
export async function searchExperimentsInStore(store: MetadataStoreV1, query: ExperimentSearchQuery): Promise<Experiment[]> {
  if (store.searchExperiments) return store.searchExperiments(query);
  return evaluateExperimentSearch(await store.listExperiments({ lifecycle: 'all' }), query);
}
