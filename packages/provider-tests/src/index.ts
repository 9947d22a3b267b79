export { describeMetadataStore } from './describe-metadata-store.js';
export { describeModelRepository, defaultLargeObjectBytes } from './describe-model-repository.js';
export {
  metadataStoreCapabilities,
  metadataStoreSuiteNames,
  modelRepositoryCapabilities,
  modelRepositorySuiteNames,
  type ConformanceOptions,
  type MetadataStoreSuiteOptions,
  type ModelRepositorySuiteOptions,
  type ProviderFactory,
} from './options.js';
