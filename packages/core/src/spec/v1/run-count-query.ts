import type { RunSearchQuery } from './run-search-query.js';

/**
 * What `MetadataStoreV1.countRuns` receives: the part of a run search that decides which
 * runs match (no order, no page), parsed and validated by the core as for `searchRuns`.
 */
export type RunCountQuery = Pick<RunSearchQuery, 'experimentIds' | 'filter' | 'maxRunId'>;
