import path from 'node:path';
import { LocalFileModelRepository, MLOpsBuilder, type MetadataStoreV1 } from '@mlops-ts/core';
import { registerConformanceSuites, type ConcernSuite } from './harness.js';
import { artifactsSuite } from './metadata-store/artifacts.js';
import { concurrencySuite } from './metadata-store/concurrency.js';
import { confusionMatrixSuite } from './metadata-store/confusion-matrix.js';
import { dataSuite } from './metadata-store/data.js';
import { deploymentsSuite } from './metadata-store/deployments.js';
import { errorsSuite } from './metadata-store/errors.js';
import { experimentsSuite } from './metadata-store/experiments.js';
import { lifecycleSuite } from './metadata-store/lifecycle.js';
import { namesAndTagsSuite } from './metadata-store/names-and-tags.js';
import { purgeSuite } from './metadata-store/purge.js';
import { runComparisonSuite } from './metadata-store/run-comparison.js';
import { metricsSuite } from './metadata-store/metrics.js';
import { paramsSuite } from './metadata-store/params.js';
import { registrySuite } from './metadata-store/registry.js';
import { registryAliasesSuite } from './metadata-store/registry-aliases.js';
import { registryModelsSuite } from './metadata-store/registry-models.js';
import { registrySearchSuite } from './metadata-store/registry-search.js';
import { runContextSuite } from './metadata-store/run-context.js';
import { runsSuite } from './metadata-store/runs.js';
import { schemaAndDependenciesSuite } from './metadata-store/schema-and-dependencies.js';
import { searchSuite } from './search/search-suite.js';
import {
  metadataStoreCapabilities,
  metadataStoreSuiteNames,
  type MetadataStoreSuiteOptions,
  type ProviderFactory,
} from './options.js';

const suites: Record<(typeof metadataStoreSuiteNames)[number], ConcernSuite> = {
  experiments: experimentsSuite,
  runs: runsSuite,
  'run-context': runContextSuite,
  params: paramsSuite,
  metrics: metricsSuite,
  'confusion-matrix': confusionMatrixSuite,
  data: dataSuite,
  'schema-and-dependencies': schemaAndDependenciesSuite,
  artifacts: artifactsSuite,
  registry: registrySuite,
  'registry-models': registryModelsSuite,
  'registry-aliases': registryAliasesSuite,
  'registry-search': registrySearchSuite,
  deployments: deploymentsSuite,
  errors: errorsSuite,
  concurrency: concurrencySuite,
  search: searchSuite,
  lifecycle: lifecycleSuite,
  purge: purgeSuite,
  'names-and-tags': namesAndTagsSuite,
  'run-comparison': runComparisonSuite,
};

/**
 * Registers the metadata store conformance suites with vitest: every behaviour of
 * `MetadataStoreV1`, exercised through the public `MLOpsContext` API (what users meet)
 * plus direct store calls where the contract says more than the API shows.
 *
 * Each test gets a fresh store from `factory`, paired with a `LocalFileModelRepository`
 * in a temporary folder, built with `new MLOpsBuilder({ captureRunContext: false })` (so
 * that tag maps are exact; the 'run-context' concern turns capture on); the context is closed after
 * the test. Call it at the top level of a test file.
 *
 * @param name Shown in the suite title, e.g. 'sqlite'.
 * @param factory Returns a fresh, isolated, not yet connected store for each test.
 * @param options Opt-outs, timeouts and cleanup; see `MetadataStoreSuiteOptions`.
 * @example
 * import { describeMetadataStore } from '@mlops-ts/provider-tests';
 * describeMetadataStore('my-store', () => new MyMetadataStore({ database: randomName() }));
 */
export function describeMetadataStore(
  name: string,
  factory: ProviderFactory<MetadataStoreV1>,
  options: MetadataStoreSuiteOptions = {},
): void {
  registerConformanceSuites({
    title: `${name}: metadata store conformance`,
    factory,
    options,
    knownSkips: [...metadataStoreSuiteNames, ...metadataStoreCapabilities],
    build: (store, tempDir) =>
      new MLOpsBuilder({ captureRunContext: false })
        .useMetadataStore(store)
        .useModelRepository(new LocalFileModelRepository({ rootDir: path.join(tempDir, 'models') }))
        .build(),
    suites: Object.entries(suites),
  });
}
