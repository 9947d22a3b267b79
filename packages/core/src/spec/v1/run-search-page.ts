import type { Run } from './run.js';

/** What `MetadataStoreV1.searchRuns` returns. */
export interface RunSearchPage {
  /** The page of matching runs, in order, each with its params, latest metrics and tags. */
  runs: Run[];
  /** True when more matching runs follow this page (skipping `offset + runs.length`). */
  hasMore: boolean;
  /**
   * The largest id among all runs of `experimentIds` (whatever the filter), when the query
   * had no `maxRunId`; null when those experiments have no run. The core keeps it in the
   * page token. Ignored when the query had a `maxRunId`.
   */
  maxRunId: string | null;
}
