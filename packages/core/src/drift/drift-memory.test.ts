import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { InMemoryMetadataStore } from '../stores/in-memory-metadata-store.js';
import { measureDataDrift } from './data-drift.js';

// A collector the test can call, so heap figures count live objects only.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const reference = Array.from({ length: 5000 }, (_, index) => ({ amount: (index % 997) * 1.5, customer: `customer-${index % 50}` }));

// Keeping the rows (or every distinct customer) would grow the heap by well over 100 MB.
it('keeps live memory flat while 1,000,000 current rows of distinct values stream through data.drift', async () => {
  collectGarbage();
  const start = process.memoryUsage().heapUsed;
  let peak = 0;
  async function* rows() {
    for (let index = 0; index < 1_000_000; index++) {
      if (index % 50_000 === 0) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().heapUsed - start);
      }
      yield { amount: index * 0.001_3, customer: `new-customer-${index}` };
    }
  }
  const report = await measureDataDrift(new InMemoryMetadataStore(), reference, rows());
  expect(report.currentRowCount).toBe(1_000_000);
  expect(report.verdict).toBe('drift');
  expect(peak, `${(peak / 2 ** 20).toFixed(1)} MB`).toBeLessThan(16 * 2 ** 20);
});
