import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newRunRecord } from '../../../provider-tests/src/fixtures.js';
import { runStatuses, type Run } from '../spec/v1/run.js';
import { parseFilter } from './filter-parser.js';
import { parseOrderBy } from './order-by-parser.js';
import { evaluateRunSearch } from './search-evaluator.js';

const metricValue = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 0.5, -1),
  fc.double({ noNaN: true, min: -10, max: 10 }),
);
const word = fc.constantFrom('a', 'b', 'A', 'ab', 'é', '😀', '');

const runs: fc.Arbitrary<Run[]> = fc
  .array(
    fc.record({
      metrics: fc.dictionary(fc.constantFrom('m1', 'm2'), metricValue, { maxKeys: 2 }),
      params: fc.dictionary(fc.constantFrom('p1', 'p2'), word, { maxKeys: 2 }),
      tags: fc.dictionary(fc.constantFrom('t1'), word, { maxKeys: 1 }),
      status: fc.constantFrom(...runStatuses),
      startTime: fc.integer({ min: 0, max: 5 }),
      experimentId: fc.constantFrom('e1', 'e2'),
    }),
    { maxLength: 25 },
  )
  .map((records) =>
    records.map(({ metrics, params, ...info }, index) => ({
      ...newRunRecord({ ...info, id: `01900000-0000-7000-8000-${String(index).padStart(12, '0')}`, name: `r${index}` }),
      metrics,
      params,
    })),
  );

const predicate = fc.constantFrom(
  'metrics.m1 > 0',
  'metrics.m1 != 0.5',
  'metrics.m2 IS NULL',
  'metrics.m2 NOT IN (0, -1)',
  "params.p1 = 'a'",
  "params.p1 ILIKE 'a%'",
  "params.p2 != 'b'",
  'tags.t1 IS NOT NULL',
  "status IN ('failed', 'killed')",
  'attributes.start_time <= 2',
);
const orderTerm = fc.constantFrom('metrics.m1', 'metrics.m2 DESC', 'params.p1 DESC', 'tags.t1', 'attributes.status', 'attributes.start_time DESC');

const ids = (all: Run[], filter: string): Set<string> =>
  new Set(evaluateRunSearch(all, { experimentIds: ['e1', 'e2'], filter: parseFilter(filter), orderBy: parseOrderBy(undefined), limit: 10_000, offset: 0 }).runs.map((run) => run.id));

describe('evaluateRunSearch laws', () => {
  it('or is the union and and the intersection of the operands’ results', () => {
    fc.assert(
      fc.property(runs, predicate, predicate, (all, left, right) => {
        const leftIds = ids(all, left);
        const rightIds = ids(all, right);
        expect(ids(all, `${left} or ${right}`)).toEqual(new Set([...leftIds, ...rightIds]));
        expect(ids(all, `${left} and ${right}`)).toEqual(new Set([...leftIds].filter((id) => rightIds.has(id))));
      }),
      { numRuns: 300 },
    );
  });

  it('pages of any size concatenate to the full ordered result, without repeats', () => {
    fc.assert(
      fc.property(runs, fc.array(orderTerm, { maxLength: 3 }), fc.integer({ min: 1, max: 8 }), (all, orderBy, limit) => {
        const query = { experimentIds: ['e1'], orderBy: parseOrderBy(orderBy), offset: 0 };
        const full = evaluateRunSearch(all, { ...query, limit: 10_000 }).runs.map((run) => run.id);
        const paged: string[] = [];
        for (let offset = 0; ; offset += limit) {
          const page = evaluateRunSearch(all, { ...query, limit, offset });
          paged.push(...page.runs.map((run) => run.id));
          if (!page.hasMore) break;
        }
        expect(paged).toEqual(full);
        expect(new Set(full).size).toBe(full.length);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order runs are handed in', () => {
    fc.assert(
      fc.property(runs, fc.array(orderTerm, { maxLength: 3 }), (all, orderBy) => {
        const query = { experimentIds: ['e1', 'e2'], orderBy: parseOrderBy(orderBy), limit: 10_000, offset: 0 };
        expect(evaluateRunSearch([...all].reverse(), query).runs).toEqual(evaluateRunSearch(all, query).runs);
      }),
      { numRuns: 300 },
    );
  });
});
