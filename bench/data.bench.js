// Live heap of data.logDataDistribution as the row count grows: the sketches keep it flat.
import { MLOpsBuilder } from '@mlops-ts/core';
import { report, round, temporaryDirectory } from './lib.js';

const sizes = [10_000, 1_000_000, 10_000_000];
const samplesPerRun = 100;
const megabyte = 2 ** 20;

/**
 * Rows with a distinct number and a distinct string each (the worst case for memory: nothing
 * repeats). Every `rowCount / samplesPerRun` rows it collects garbage and records the live heap
 * above the level at the start, so the peak counts what the catalog keeps, not garbage.
 */
function* rowsWithHeapSamples(rowCount, peak) {
  const every = Math.max(1, Math.floor(rowCount / samplesPerRun));
  globalThis.gc();
  const start = process.memoryUsage().heapUsed;
  for (let index = 0; index < rowCount; index++) {
    if (index % every === 0) {
      globalThis.gc();
      peak.bytes = Math.max(peak.bytes, process.memoryUsage().heapUsed - start);
    }
    yield { amount: 1_000 + index * 0.013_7, customer: `customer-${index}` };
  }
}

async function measure(mlops, runId, rowCount, column) {
  const peak = { bytes: 0 };
  const started = performance.now();
  await mlops.data.logDataDistribution(runId, rowsWithHeapSamples(rowCount, peak), column, { bins: 20 });
  return { bytes: peak.bytes, seconds: (performance.now() - started) / 1000 };
}

export default async function benchData() {
  if (typeof globalThis.gc !== 'function') throw new Error('Run the benchmarks with node --expose-gc (pnpm bench does).');
  const temp = temporaryDirectory('mlops-bench-data-');
  const mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository(temp.directory).build();
  try {
    const run = await mlops.lifecycle.createRun('bench-data');
    await mlops.data.logData(run.id, [{ amount: 1, customer: 'x' }]);
    for (const column of ['amount', 'customer']) {
      await measure(mlops, run.id, sizes[0], column); // warm-up: first-call allocations are not the catalog's
      const results = [];
      for (const rowCount of sizes) results.push({ rowCount, ...(await measure(mlops, run.id, rowCount, column)) });
      const [smallest] = results;
      const largest = results.at(-1);
      // Flat: the largest run keeps about what the smallest does, the sketches being full at
      // 10,000 rows already. The peaks are a few hundred kilobytes, so ±0.2 MB of sampling noise
      // moves the ratio; the old code's 1,000,000 rows kept about 70 MB (a ratio near 100).
      report({
        figure: `core.logDataDistribution.heap.${column}`,
        ratio: largest.bytes / smallest.bytes,
        target: 2,
        targetKind: 'max',
        peakLiveHeapMB: Object.fromEntries(results.map((result) => [result.rowCount, round(result.bytes / megabyte, 2)])),
        rowsPerSecond: Object.fromEntries(results.map((result) => [result.rowCount, Math.round(result.rowCount / result.seconds)])),
      });
    }
  } finally {
    await mlops.close();
    temp.remove();
  }
}
