import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { computeDistribution } from './data-profile.js';

// A collector the test can call, so heap figures count live objects only, not garbage
// waiting for the next collection (the standard way to reach gc() without --expose-gc).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * The peak of live heap above the starting level while `rowCount` rows of distinct values
 * stream through `computeDistribution`, sampled every 50,000 rows.
 */
async function peakHeapGrowth(rowCount: number, column: 'number' | 'text'): Promise<number> {
  collectGarbage();
  const start = process.memoryUsage().heapUsed;
  let peak = 0;
  function* rows() {
    for (let index = 0; index < rowCount; index++) {
      if (index % 50_000 === 0) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().heapUsed - start);
      }
      yield { number: index * 1.000_001, text: `customer-${index}` };
    }
  }
  await computeDistribution(rows(), column);
  return peak;
}

describe('computeDistribution memory', () => {
  // Keeping every value and every distinct string grew the heap by about 70 MB here.
  it.each(['number', 'text'] as const)('keeps live memory flat over 1,000,000 distinct values of a %s column', async (column) => {
    const growth = await peakHeapGrowth(1_000_000, column);
    expect(growth, `${(growth / 2 ** 20).toFixed(1)} MB`).toBeLessThan(16 * 2 ** 20);
  });
});
