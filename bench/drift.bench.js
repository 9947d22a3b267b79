// data.drift over 1,000,000 streamed rows: time against reading the same rows bare, and the
// live heap, which the per-column counters keep flat.
import { MLOpsBuilder } from '@mlops-ts/core';
import { report, round, temporaryDirectory } from './lib.js';

const rowCount = 1_000_000;
const smallRowCount = 10_000;
const samplesPerRun = 100;
const megabyte = 2 ** 20;

/** Rows with a numeric and a categorical column, new customers showing up as the rows go on. */
function* rows(count, peak) {
  const every = Math.max(1, Math.floor(count / samplesPerRun));
  if (peak) {
    globalThis.gc();
    peak.start = process.memoryUsage().heapUsed;
  }
  for (let index = 0; index < count; index++) {
    if (peak && index % every === 0) {
      globalThis.gc();
      peak.bytes = Math.max(peak.bytes, process.memoryUsage().heapUsed - peak.start);
    }
    yield { amount: 1_000 + ((index * 7_919) % 100_000) * 0.013_7, customer: `customer-${index % 500 === 0 ? index : index % 40}` };
  }
}

/** The baseline: the same generator read bare, touching each value once. */
function readBare(count) {
  let sum = 0;
  let length = 0;
  for (const row of rows(count)) {
    sum += row.amount;
    length += row.customer.length;
  }
  return sum + length;
}

async function timed(fn) {
  globalThis.gc();
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export default async function benchDrift() {
  if (typeof globalThis.gc !== 'function') throw new Error('Run the benchmarks with node --expose-gc (pnpm bench does).');
  const temp = temporaryDirectory('mlops-bench-drift-');
  const mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository(temp.directory).build();
  try {
    const run = await mlops.lifecycle.createRun('bench-drift');
    const training = [...rows(50_000)];
    await mlops.data.logData(run.id, training, { name: 'train' });
    for (const column of ['amount', 'customer']) await mlops.data.logDataDistribution(run.id, training, column, { name: 'train' });
    const [dataSet] = await mlops.data.getData(run.id);
    await mlops.data.drift(dataSet, rows(smallRowCount)); // warm-up

    let best = { drift: Infinity, bare: Infinity };
    for (let round = 0; round < 3; round++) {
      best.bare = Math.min(best.bare, await timed(() => readBare(rowCount)));
      best.drift = Math.min(best.drift, await timed(() => mlops.data.drift(dataSet, rows(rowCount))));
    }
    report({
      figure: 'core.drift.1M.time',
      ratio: best.drift / best.bare,
      note: 'data.drift over 1,000,000 streamed rows (2 columns, from the stored summary) against reading them bare',
      driftSeconds: round(best.drift / 1000, 2),
      bareSeconds: round(best.bare / 1000, 2),
      rowsPerSecond: Math.round(rowCount / (best.drift / 1000)),
    });

    const heap = {};
    for (const count of [smallRowCount, rowCount]) {
      const peak = { bytes: 0, start: 0 };
      await mlops.data.drift(dataSet, rows(count, peak));
      heap[count] = peak.bytes;
    }
    report({
      figure: 'core.drift.1M.heap',
      ratio: heap[rowCount] / Math.max(heap[smallRowCount], 256 * 1024),
      target: 2,
      targetKind: 'max',
      note: 'peak live heap of data.drift over 1,000,000 rows against 10,000 rows (floored at 0.25 MB)',
      peakLiveHeapMB: Object.fromEntries(Object.entries(heap).map(([count, bytes]) => [count, round(bytes / megabyte, 2)])),
    });
  } finally {
    await mlops.close();
    temp.remove();
  }
}
