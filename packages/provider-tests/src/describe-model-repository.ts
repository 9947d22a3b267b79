import { MLOpsBuilder, type ModelRepositoryV1 } from '@mlops-ts/core';
import { registerConformanceSuites, type ConcernSuite } from './harness.js';
import { atomicReplaceSuite } from './model-repository/atomic-replace.js';
import { basicsSuite } from './model-repository/basics.js';
import { deploymentCopiesSuite } from './model-repository/deployment-copies.js';
import { downloadUrlSuite } from './model-repository/download-url.js';
import { firstReleaseLayoutSuite } from './model-repository/first-release-layout.js';
import { keyLayoutSuite } from './model-repository/key-layout.js';
import { keyValidationSuite } from './model-repository/key-validation.js';
import { streamingSuite } from './model-repository/streaming.js';
import {
  modelRepositoryCapabilities,
  modelRepositorySuiteNames,
  type ModelRepositorySuiteOptions,
  type ProviderFactory,
} from './options.js';

/** Default size of the streamed large object: 64 MiB. */
export const defaultLargeObjectBytes = 64 * 1024 * 1024;

/**
 * Registers the model repository conformance suites with vitest: the blob contract of
 * `ModelRepositoryV1` called directly, plus uploads, downloads and deployments through
 * the public `MLOpsContext` API over an in-memory metadata store.
 *
 * Each test gets a fresh repository from `factory`, built with
 * `new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useModelRepository(repository)`; the
 * context is closed after the test. Call it at the top level of a test file.
 *
 * @param name Shown in the suite title, e.g. 's3'.
 * @param factory Returns a fresh, isolated (empty), not yet connected repository for each test.
 * @param options Opt-outs, large-object size, timeouts and cleanup; see `ModelRepositorySuiteOptions`.
 * @example
 * import { describeModelRepository } from '@mlops-ts/provider-tests';
 * describeModelRepository('my-blobs', () => new MyModelRepository({ prefix: `test-${crypto.randomUUID()}/` }));
 */
export function describeModelRepository(
  name: string,
  factory: ProviderFactory<ModelRepositoryV1>,
  options: ModelRepositorySuiteOptions = {},
): void {
  const suites: Record<(typeof modelRepositorySuiteNames)[number], ConcernSuite> = {
    basics: basicsSuite,
    streaming: streamingSuite({
      largeObjectBytes: options.largeObjectBytes ?? defaultLargeObjectBytes,
      timeoutMs: options.largeObjectTimeoutMs ?? 300_000,
    }),
    'atomic-replace': atomicReplaceSuite,
    'key-validation': keyValidationSuite,
    'key-layout': keyLayoutSuite,
    'download-url': downloadUrlSuite,
    'deployment-copies': deploymentCopiesSuite,
    'first-release-layout': firstReleaseLayoutSuite,
  };
  registerConformanceSuites({
    title: `${name}: model repository conformance`,
    factory,
    options,
    knownSkips: [...modelRepositorySuiteNames, ...modelRepositoryCapabilities],
    build: (repository) => new MLOpsBuilder({ captureRunContext: false }).useInMemoryMetadataStore().useModelRepository(repository).build(),
    suites: Object.entries(suites),
  });
}
