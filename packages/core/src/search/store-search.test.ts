import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MLOpsBuilder } from '../builder.js';
import type { MLOpsContext } from '../context.js';
import { LocalFileModelRepository } from '../repositories/local-file-model-repository.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { InMemoryMetadataStore } from '../stores/in-memory-metadata-store.js';
// Relative imports: the kit depends on the core, so the core cannot list it as a dependency.
import { expectCases } from '../../../provider-tests/src/search/expect-cases.js';
import { attributeCases, logicCases, metricCases, orderCases, textCases } from '../../../provider-tests/src/search/search-cases.js';
import { createSearchFixture } from '../../../provider-tests/src/search/search-fixture.js';

/** An in-memory store that hides its native search, as a v1 store written before search would. */
function storeWithoutSearch(): MetadataStoreV1 {
  const store = new InMemoryMetadataStore();
  return new Proxy(store, {
    get(target, property) {
      if (property === 'searchRuns' || property === 'searchExperiments') return undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

let tempDir: string;
let mlops: MLOpsContext;
// The kit's helpers type against the built core; this context comes from the source.
const kitContext = (): Parameters<typeof expectCases>[0] => mlops as unknown as Parameters<typeof expectCases>[0];

beforeEach(async () => {
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-search-fallback-'));
  mlops = await new MLOpsBuilder()
    .useMetadataStore(storeWithoutSearch())
    .useModelRepository(new LocalFileModelRepository({ rootDir: tempDir }))
    .build();
});

afterEach(async () => {
  await mlops.close();
  await fs.rm(tempDir, { recursive: true, force: true });
});

it('the core searches a store without native search (listRuns + the reference evaluator) with the conformance results', async () => {
  expect(mlops.metadataStore.searchRuns).toBeUndefined();
  const fixture = await createSearchFixture(kitContext());
  await expectCases(kitContext(), fixture, [...metricCases, ...textCases, ...attributeCases, ...logicCases, ...orderCases]);
  const page = await mlops.lifecycle.searchRuns({ experiment: 'vision', orderBy: ['metrics.accuracy DESC'], limit: 2 });
  const next = await mlops.lifecycle.searchRuns({ experiment: 'vision', orderBy: ['metrics.accuracy DESC'], limit: 2, pageToken: page.nextPageToken });
  expect([...page.runs, ...next.runs].map((run) => run.name)).toEqual(['v07', 'v08', 'v01', 'v04']);
  expect((await mlops.lifecycle.getBestRun('vision', 'loss', { goal: 'minimize' })).name).toBe('v14');
  expect((await mlops.lifecycle.searchExperiments({ filter: "name LIKE '%i%'", orderBy: ['name'] })).map((experiment) => experiment.name)).toEqual(['audio', 'vision']);
});
