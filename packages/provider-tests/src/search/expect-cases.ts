import type { MLOpsContext } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { RunSearchCase } from './search-cases.js';
import type { SearchFixture } from './search-fixture.js';

/** Runs every case of a table and reports all mismatching rows at once. */
export async function expectCases(mlops: MLOpsContext, fixture: SearchFixture, cases: readonly RunSearchCase[]): Promise<void> {
  const mismatches: { filter?: string; orderBy?: string[]; experiments?: string[]; expected: string[]; actual: string[] | string }[] = [];
  for (const row of cases) {
    const filter = typeof row.filter === 'function' ? row.filter(fixture) : row.filter;
    let actual: string[] | string;
    try {
      const { runs, nextPageToken, total } = await mlops.lifecycle.searchRuns({ experiments: row.experiments, filter, orderBy: row.orderBy, limit: 100, includeTotal: true });
      const labels = runs.map(fixture.labelOf);
      if (nextPageToken !== undefined) labels.push('(unexpected nextPageToken)');
      if (total !== runs.length) labels.push(`(total ${total})`);
      actual = labels;
    } catch (error) {
      actual = `threw ${error instanceof Error ? error.message : String(error)}`;
    }
    if (JSON.stringify(actual) !== JSON.stringify(row.expected)) {
      mismatches.push({ filter, orderBy: row.orderBy, experiments: row.experiments, expected: row.expected, actual });
    }
  }
  expect(mismatches, `${mismatches.length} of ${cases.length} searches returned other runs`).toEqual([]);
}

