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
export { digestStream, expectMLOpsError, generatedStream, type GeneratedStream, type MLOpsErrorExpectations } from './helpers.js';
export { closedPort } from './closed-port.js';
export { expectNoSecretIn } from './secret-exposure.js';
export { measureLargeTransfer, type LargeTransferMeasurement, type LargeTransferOptions } from './large-transfer.js';
export { runWorkersTogether, type WorkerProcessOptions } from './worker-processes.js';
export { expectOneAliasHolder, prepareAliasRace, raceAlias, racedAlias } from './registry-race.js';
export {
  awkwardMetricPoints,
  newDataSetRecord,
  newDeploymentRecord,
  newDeploymentTargetRecord,
  newExperimentRecord,
  newMetricRecord,
  newModelVersionRecord,
  newRegisteredModelRecord,
  newRunArtifactRecord,
  newRunRecord,
} from './fixtures.js';
