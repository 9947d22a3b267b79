import type { FilterExpression } from './filter-expression.js';
import type { OrderByTerm } from './order-by-term.js';
import type { RegisteredModel } from './registered-model.js';

/**
 * What `MetadataStoreV1.searchRegisteredModels` receives, parsed and checked by the core.
 * Fields are `tags.<key>` and the attributes of `RegisteredModelAttributeName`.
 */
export interface RegisteredModelSearchQuery {
  /** Keep only registered models matching this expression. Undefined: every one. */
  filter?: FilterExpression;
  /** Sort keys, most significant first; never empty. After these, the store orders by id ascending. */
  orderBy: OrderByTerm[];
  /** Page size: 1 to 10,000 registered models. */
  limit: number;
  /** Registered models to skip in that order before the page starts (0 or more). */
  offset: number;
  /** When set, ignore registered models whose id is greater (compare as strings). */
  maxId?: string;
}

/** What `MetadataStoreV1.searchRegisteredModels` returns. */
export interface RegisteredModelSearchPage {
  /** The page of matching registered models, in order, with tags. */
  registeredModels: RegisteredModel[];
  /** True when more matching registered models follow this page. */
  hasMore: boolean;
  /** The largest id of all registered models when the query had no `maxId`; null when there are none. */
  maxId: string | null;
}
