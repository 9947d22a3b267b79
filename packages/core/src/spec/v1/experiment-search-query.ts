import type { FilterExpression } from './filter-expression.js';
import type { OrderByTerm } from './order-by-term.js';

/**
 * What `MetadataStoreV1.searchExperiments` receives. Fields are `tags.<key>` and the
 * attributes `name`, `description` and `created_at`.
 */
export interface ExperimentSearchQuery {
  /** Keep only experiments matching this expression. Undefined: every experiment. */
  filter?: FilterExpression;
  /**
   * Sort keys, most significant first; never empty (default `created_at` descending).
   * After these, the store orders by experiment id ascending.
   */
  orderBy: OrderByTerm[];
}
