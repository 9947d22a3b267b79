import type { FilterExpression } from './filter-expression.js';
import type { ModelVersion } from './model-version.js';
import type { OrderByTerm } from './order-by-term.js';

/**
 * What `MetadataStoreV1.searchModelVersions` receives, parsed and checked by the core.
 * Fields are `tags.<key>` and the attributes of `ModelVersionAttributeName`.
 */
export interface ModelVersionSearchQuery {
  /** Keep only versions matching this expression. Undefined: every version. */
  filter?: FilterExpression;
  /** Sort keys, most significant first; never empty. After these, the store orders by id ascending. */
  orderBy: OrderByTerm[];
  /** Page size: 1 to 10,000 versions. */
  limit: number;
  /** Versions to skip in that order before the page starts (0 or more). */
  offset: number;
  /** When set, ignore versions whose id is greater (compare as strings), so versions registered while paging do not shift pages. */
  maxId?: string;
}

/** What `MetadataStoreV1.searchModelVersions` returns. */
export interface ModelVersionSearchPage {
  /** The page of matching versions, in order, with tags, aliases and model names. */
  modelVersions: ModelVersion[];
  /** True when more matching versions follow this page. */
  hasMore: boolean;
  /** The largest id of all versions (whatever the filter) when the query had no `maxId`; null when there are none. */
  maxId: string | null;
}
