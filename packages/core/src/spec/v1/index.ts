export type { Tags } from './tags.js';
export type { Experiment } from './experiment.js';
export type { ExperimentKeys } from './experiment-keys.js';
export type { ExperimentUpdate } from './experiment-update.js';
export type { LifecycleFilter, LifecycleListOptions, LifecycleStage } from './lifecycle-stage.js';
export type { Run, RunInfo, RunStatus } from './run.js';
export type { Param } from './param.js';
export type { Metric } from './metric.js';
export type { ConfusionMatrix } from './confusion-matrix.js';
export type { ColumnType, DataColumn, DataSet } from './data-set.js';
export type { CategoricalDistribution, DataDistribution, NumericDistribution } from './data-distribution.js';
export type { RunArtifact } from './run-artifact.js';
export type { ModelSchema, TensorSpec } from './model-schema.js';
export type { PackageDependency } from './package-dependency.js';
export type { RegisteredModel } from './registered-model.js';
export type { ModelVersion } from './model-version.js';
export type { ModelAlias } from './model-alias.js';
export type { RegisteredModelUpdate } from './registered-model-update.js';
export type { ModelRegistryStoreV1, NewModelVersion } from './model-registry-store.js';
export type { ModelVersionSearchPage, ModelVersionSearchQuery } from './model-version-search.js';
export type { RegisteredModelSearchPage, RegisteredModelSearchQuery } from './registered-model-search.js';
export type { DeploymentQuery } from './deployment-query.js';
export type { DeploymentTarget } from './deployment-target.js';
export type { Deployment } from './deployment.js';
export type { MetadataStoreV1 } from './metadata-store.js';
export type { MetricHistoryRange } from './metric-history-range.js';
export type { RunUpdate } from './run-update.js';
export type { ModelRepositoryV1 } from './model-repository.js';
export type { RepositoryObject } from './repository-object.js';
export type { PutOptions, TransferProgress } from './put-options.js';
export type { DownloadUrlOptions } from './download-url-options.js';
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
export type { ExperimentAttributeName, FilterField, ModelVersionAttributeName, RegisteredModelAttributeName, RunAttributeName, SourceSpan } from './filter-field.js';
export type { OrderByTerm } from './order-by-term.js';
export type { RunSearchQuery } from './run-search-query.js';
export type { RunCountQuery } from './run-count-query.js';
export type { RunSearchPage } from './run-search-page.js';
export type { ExperimentSearchQuery } from './experiment-search-query.js';
