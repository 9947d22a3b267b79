import type { MetadataStoreV1, ModelRepositoryV1 } from '@mlops-ts/core';

/**
 * Makes a fresh, isolated provider for one test: an empty database, container, bucket
 * or key prefix of its own. Called once per test; may be async. The kit connects the
 * provider through `MLOpsBuilder.build()` and closes it after the test.
 */
export type ProviderFactory<Provider> = () => Provider | Promise<Provider>;

/** Options shared by both conformance suites. */
export interface ConformanceOptions<Provider> {
  /**
   * Concerns or capabilities this provider cannot offer. Each matching test is reported
   * as skipped with the reason in its title, so the gap stays visible. The names are
   * listed in `metadataStoreSuiteNames`/`modelRepositorySuiteNames` (a whole concern)
   * and `metadataStoreCapabilities`/`modelRepositoryCapabilities` (single abilities);
   * an unknown name throws, so a typo never skips silently.
   */
  skip?: string[];
  /** Timeout of each test in milliseconds. Default: the vitest configuration's. */
  testTimeoutMs?: number;
  /** Timeout of the per-test setup (factory + build) and teardown. Default 60 000 ms. */
  hookTimeoutMs?: number;
  /**
   * Called after each test, once the context is closed, with the provider the factory
   * returned: drop the test's database, container or prefix here. Optional.
   */
  cleanup?: (provider: Provider) => void | Promise<void>;
}

/** Options of `describeMetadataStore`. */
export type MetadataStoreSuiteOptions = ConformanceOptions<MetadataStoreV1>;

/** Options of `describeModelRepository`. */
export interface ModelRepositorySuiteOptions extends ConformanceOptions<ModelRepositoryV1> {
  /**
   * Size of the object the streaming tests upload and read back, generated on the fly
   * and never held in memory. Default 64 MiB; 0 skips the large-object tests (say why
   * in your own suite).
   */
  largeObjectBytes?: number;
  /** Timeout of each large-object test in milliseconds. Default 300 000. */
  largeObjectTimeoutMs?: number;
}

/** The concerns `describeMetadataStore` covers, one `describe` block each. */
export const metadataStoreSuiteNames = [
  'experiments',
  'runs',
  'run-context',
  'params',
  'metrics',
  'confusion-matrix',
  'data',
  'schema-and-dependencies',
  'artifacts',
  'registry',
  'registry-models',
  'registry-aliases',
  'registry-search',
  'deployments',
  'errors',
  'concurrency',
  'search',
  'lifecycle',
  'purge',
  'names-and-tags',
  'run-comparison',
] as const;

/** Single abilities a metadata store may opt out of with `skip`. */
export const metadataStoreCapabilities = [
  /** Names differing only in case are different experiments (case-sensitive collation). */
  'case-sensitive-names',
  /** Many concurrent writers on one store instance. */
  'concurrent-writes',
] as const;

/** The concerns `describeModelRepository` covers, one `describe` block each. */
export const modelRepositorySuiteNames = ['basics', 'streaming', 'atomic-replace', 'key-validation', 'key-layout', 'download-url', 'deployment-copies', 'first-release-layout'] as const;

/** Single abilities a model repository may opt out of with `skip`. */
export const modelRepositoryCapabilities = [
  /** `put` honours `options.signal` and leaves nothing under the key. */
  'abort',
  /** A 64 MiB (or `largeObjectBytes`) object streamed in and out. */
  'large-object',
  /**
   * A URL from `getDownloadUrl` stops working when it expires (`file://` URLs, which never
   * do, are recognised and skipped without this).
   */
  'download-url-expiry',
] as const;
