import type { SearchRunsOptions } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';
import { createSearchFixture, nextMillisecond } from './search-fixture.js';

/**
 * Random access into a search (`offset`, as a table scrolled to row 80,000 needs) and the
 * match count (`includeTotal`), natively (`countRuns`) or by the core's fallback.
 */
export const randomAccessTests: ConcernSuite = (kit) => {
  kit.test('searchRuns reads the page at any offset and counts the matches, as paging through the whole search does', async () => {
    const fixture = await createSearchFixture(kit.mlops);
    const searches: SearchRunsOptions[] = [
      {},
      { experiment: 'vision', filter: 'metrics.accuracy IS NOT NULL', orderBy: ['metrics.accuracy DESC'] },
      { experiments: ['vision', 'nlp'], filter: "params.optimizer != 'sgd'", orderBy: ['params.lr', 'attributes.start_time DESC'] },
      { experiment: 'audio', filter: "attributes.status = 'failed' and attributes.status != 'failed'" },
    ];
    for (const search of searches) {
      const all = (await kit.mlops.lifecycle.searchRuns({ ...search, limit: 1_000 })).runs.map(fixture.labelOf);
      for (const offset of [0, 1, 5, all.length - 3, all.length - 1, all.length, all.length + 10].filter((value) => value >= 0)) {
        const page = await kit.mlops.lifecycle.searchRuns({ ...search, offset, limit: 4, includeTotal: true });
        expect(page.runs.map(fixture.labelOf), `offset ${offset} of ${JSON.stringify(search)}`).toEqual(all.slice(offset, offset + 4));
        expect(page.total).toBe(all.length);
        expect(page.nextPageToken !== undefined).toBe(offset + 4 < all.length);
      }
    }
    expect((await kit.mlops.lifecycle.searchRuns({ limit: 3 })).total).toBeUndefined();
  }, { timeoutMs: 120_000 });

  kit.test("searchRuns at an offset with a page token stays in the token's snapshot: runs added later are neither read nor counted", async () => {
    const fixture = await createSearchFixture(kit.mlops);
    const search: SearchRunsOptions = { experiment: 'vision', orderBy: ['attributes.start_time DESC'] };
    const first = await kit.mlops.lifecycle.searchRuns({ ...search, limit: 2, includeTotal: true });
    const all = (await kit.mlops.lifecycle.searchRuns({ ...search, limit: 1_000 })).runs.map(fixture.labelOf);
    const added = await kit.mlops.lifecycle.createRun('vision', { name: 'late' });
    await nextMillisecond(added.startTime);
    const later = await kit.mlops.lifecycle.searchRuns({ ...search, limit: 3, pageToken: first.nextPageToken, offset: 6, includeTotal: true });
    expect(later.runs.map(fixture.labelOf)).toEqual(all.slice(6, 9));
    expect(later.total).toBe(first.total);
    expect((await kit.mlops.lifecycle.searchRuns({ ...search, limit: 1, includeTotal: true })).total).toBe(all.length + 1);
    for (const offset of [-1, 1.5, Number.NaN, '3' as unknown as number]) {
      await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ ...search, offset }), 'INVALID_ARGUMENT');
    }
  }, { timeoutMs: 120_000 });
};
