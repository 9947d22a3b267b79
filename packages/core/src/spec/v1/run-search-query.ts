import type { FilterExpression } from './filter-expression.js';
import type { OrderByTerm } from './order-by-term.js';

/**
 * What `MetadataStoreV1.searchRuns` receives: already parsed, validated and normalized by
 * the core, so a store only evaluates or compiles it.
 */
export interface RunSearchQuery {
  /** Search the runs of these experiments (ids). Never empty; ids of existing experiments. */
  experimentIds: string[];
  /** Keep only runs matching this expression. Undefined: every run. */
  filter?: FilterExpression;
  /**
   * Sort keys, most significant first. Never empty (the core supplies the default,
   * `start_time` descending). After these, the store orders by run id ascending, so the
   * order is total and pages never overlap.
   */
  orderBy: OrderByTerm[];
  /** Page size: 1 to 10,000 runs. */
  limit: number;
  /** Runs to skip in that order before the page starts (0 or more). */
  offset: number;
  /**
   * When set, ignore runs whose id is greater than this (ids are UUID v7, lowercase hex;
   * compare them as strings). The core passes the largest id seen on the first page so
   * that runs created while paging do not shift the pages.
   */
  maxRunId?: string;
}
