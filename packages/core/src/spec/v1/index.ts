export type { MetadataStoreV1 } from './metadata-store.js';
export type { MetricHistoryRange } from './metric-history-range.js';
export type { RunUpdate } from './run-update.js';
export type { ModelRepositoryV1 } from './model-repository.js';
export type { RepositoryObject } from './repository-object.js';
export type { PutOptions, TransferProgress } from './put-options.js';
export type {
  FilterAndExpression,
  FilterComparison,
  FilterComparisonOperator,
  FilterExpression,
  FilterInComparison,
  FilterLikeComparison,
  FilterNullCheck,
  FilterOrExpression,
} from './filter-expression.js';
export type { ExperimentAttributeName, FilterField, RunAttributeName, SourceSpan } from './filter-field.js';
export type { OrderByTerm } from './order-by-term.js';
export type { RunSearchQuery } from './run-search-query.js';
export type { RunSearchPage } from './run-search-page.js';
export type { ExperimentSearchQuery } from './experiment-search-query.js';
