import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MLOpsContext, MetadataStoreV1, ModelRepositoryV1 } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, it, type TestContext } from 'vitest';
import type { ConformanceOptions, ProviderFactory } from './options.js';

/** Options of one test registered through `SuiteKit.test`. */
export interface KitTestOptions {
  /** The capability the test needs; skipped when the provider opts out of it. */
  capability?: string;
  /** Overrides the test timeout, in milliseconds. */
  timeoutMs?: number;
}

/** What a concern's tests see: the current test's context and providers. */
export interface SuiteKit {
  /** The context built for the current test (closed after it). */
  readonly mlops: MLOpsContext;
  /** The metadata store of the current context. */
  readonly store: MetadataStoreV1;
  /** The model repository of the current context. */
  readonly repository: ModelRepositoryV1;
  /** A temporary folder of the current test, removed after it. */
  readonly tempDir: string;
  /**
   * Registers a test, or a loud skip when the provider opts out of its concern or capability.
   * The body gets vitest's test context (`context.skip(note)` skips from inside with a reason).
   */
  test(name: string, body: (context: TestContext) => Promise<void>, options?: KitTestOptions): void;
  /** Registers a test as skipped, with the reason in its title. */
  skip(name: string, reason: string): void;
}

/** One concern's tests, registered inside its own `describe` block. */
export type ConcernSuite = (kit: SuiteKit) => void;

interface HarnessSettings<Provider> {
  /** Title of the outer describe block. */
  title: string;
  factory: ProviderFactory<Provider>;
  options: ConformanceOptions<Provider>;
  /** Concern names and capabilities `options.skip` may name. */
  knownSkips: readonly string[];
  /** Builds a context around the provider. */
  build(provider: Provider, tempDir: string): Promise<MLOpsContext>;
  suites: readonly (readonly [string, ConcernSuite])[];
}

/** Registers the concerns as vitest describe blocks with per-test setup and teardown. */
export function registerConformanceSuites<Provider>(settings: HarnessSettings<Provider>): void {
  const { options } = settings;
  const skipped = new Set(options.skip ?? []);
  for (const name of skipped) {
    if (!settings.knownSkips.includes(name)) {
      throw new Error(
        `'${name}' in options.skip is not a concern or capability of this suite. Use one of: ${settings.knownSkips.join(', ')}.`,
      );
    }
  }
  const hookTimeout = options.hookTimeoutMs ?? 60_000;

  describe(settings.title, () => {
    let state: { mlops: MLOpsContext; provider: Provider; tempDir: string } | undefined;
    // What setup made so far, so a failing factory or build still gets cleaned up.
    let pending: { provider?: Provider; tempDir?: string } = {};

    beforeEach(async () => {
      pending = {};
      pending.tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-conformance-'));
      pending.provider = await settings.factory();
      const mlops = await settings.build(pending.provider, pending.tempDir);
      state = { mlops, provider: pending.provider, tempDir: pending.tempDir };
    }, hookTimeout);

    afterEach(async () => {
      const { provider, tempDir } = pending;
      const mlops = state?.mlops;
      state = undefined;
      pending = {};
      try {
        await mlops?.close();
        if (provider !== undefined) await options.cleanup?.(provider);
      } finally {
        if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
      }
    }, hookTimeout);

    const current = (): NonNullable<typeof state> => {
      if (!state) throw new Error('The conformance context is only available inside a test.');
      return state;
    };

    for (const [concern, suite] of settings.suites) {
      describe(concern, () => {
        suite({
          get mlops() {
            return current().mlops;
          },
          get store() {
            return current().mlops.metadataStore;
          },
          get repository() {
            return current().mlops.modelRepository;
          },
          get tempDir() {
            return current().tempDir;
          },
          test(name, body, testOptions = {}) {
            const optOut = skipped.has(concern) ? concern : testOptions.capability && skipped.has(testOptions.capability) ? testOptions.capability : undefined;
            if (optOut) {
              it.skip(`${name} [SKIPPED: the provider opts out of '${optOut}' in options.skip]`, () => {});
              return;
            }
            it(name, body, testOptions.timeoutMs ?? options.testTimeoutMs);
          },
          skip(name, reason) {
            it.skip(`${name} [SKIPPED: ${reason}]`, () => {});
          },
        });
      });
    }
  });
}
