export type { MetadataStoreV1 } from './metadata-store.js';
export type { MetricHistoryRange } from './metric-history-range.js';
export type { RunUpdate } from './run-update.js';
export type { ModelRepositoryV1 } from './model-repository.js';
export type { RepositoryObject } from './repository-object.js';
export type { PutOptions, TransferProgress } from './put-options.js';
