// predict with drift monitoring against predict without, on the same deployed model and rows:
// the monitor samples every row into its window and reports every 10,000 rows in the same
// process, so the figure includes the reports' cost as well as the sampling on the hot path.
import path from 'node:path';
import { MLOpsBuilder } from '@mlops-ts/core';
import { loadDeployedModel, randomForestToOnnx, uploadOnnxModel } from '@mlops-ts/onnx';
import { RandomForestClassifier } from 'ml-random-forest';
import { report, temporaryDirectory } from './lib.js';

const target = 'Production';
const features = ['a', 'b', 'c', 'd'];

/** Rows of 4 float32 features with a fixed seed. */
function makeRows(count, seed = 7) {
  let state = seed;
  const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 8;
  return Float32Array.from({ length: count * 4 }, next);
}

/** A 50-tree forest over 4 features, with its training rows as records for the data set. */
function forest() {
  const flat = makeRows(600, 3);
  const rows = Array.from({ length: 600 }, (_, index) => Array.from(flat.subarray(index * 4, index * 4 + 4)));
  const labels = rows.map((row) => (row[0] + row[1] > 8 ? 0 : row[2] > 4 ? 1 : 2));
  const model = new RandomForestClassifier({ nEstimators: 50, seed: 3 });
  model.train(rows, labels);
  const names = ['setosa', 'versicolor', 'virginica'];
  const records = rows.map((row, index) => ({ ...Object.fromEntries(features.map((name, column) => [name, row[column]])), species: names[labels[index]] }));
  return { bytes: randomForestToOnnx(model, { featureCount: 4, labels: names }), records };
}

/** Alternating blocks (ABBA) of the two predictors on the same rows; each side's time summed. */
async function compare(plain, monitored, batch, calls, blocks) {
  const data = makeRows(batch, 11);
  const block = Math.max(1, Math.round(calls / blocks));
  const timeBlock = async (predictor) => {
    const start = performance.now();
    for (let index = 0; index < block; index++) await predictor.predict({ X: data });
    return performance.now() - start;
  };
  for (let index = 0; index < 3; index++) await Promise.all([timeBlock(plain), timeBlock(monitored)]);
  let plainMs = 0;
  let monitoredMs = 0;
  for (let index = 0; index < blocks; index++) {
    if (index % 2 === 0) {
      plainMs += await timeBlock(plain);
      monitoredMs += await timeBlock(monitored);
    } else {
      monitoredMs += await timeBlock(monitored);
      plainMs += await timeBlock(plain);
    }
  }
  const total = block * blocks;
  return { ratio: plainMs / monitoredMs, plainPerSecond: total / (plainMs / 1000), monitoredPerSecond: total / (monitoredMs / 1000) };
}

export default async function benchMonitoring() {
  const temp = temporaryDirectory('mlops-bench-monitoring-');
  const mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository(path.join(temp.directory, 'models')).build();
  try {
    await mlops.deployment.createDeploymentTarget(target);
    const { bytes, records } = forest();
    const run = await mlops.lifecycle.createRun('bench-monitoring');
    await mlops.data.logData(run.id, records, { name: 'train' });
    for (const column of [...features, 'species']) await mlops.data.logDataDistribution(run.id, records, column, { name: 'train' });
    const { artifact } = await uploadOnnxModel(mlops, run.id, bytes, { name: 'forest.onnx' });
    const version = await mlops.model.registerModel('bench-monitoring', artifact.id, 'bench', { features, label: 'species' });
    await mlops.deployment.deployModel(target, version, 'bench');
    const sessionOptions = { intraOpNumThreads: 1 };
    const plain = await loadDeployedModel(mlops, { model: 'bench-monitoring', target, pollIntervalMs: 0, sessionOptions });
    let reports = 0;
    const monitored = await loadDeployedModel(mlops, {
      model: 'bench-monitoring',
      target,
      pollIntervalMs: 0,
      sessionOptions,
      monitor: { windowSize: 1000, reportEvery: { rows: 10_000 }, onReport: () => reports++ },
    });
    for (const [batch, calls] of [[1, 50_000], [1_000, 1_200]]) {
      const result = await compare(plain, monitored, batch, calls, batch === 1 ? 500 : 200);
      report({
        figure: `onnx.predict.monitored.batch${batch}`,
        ratio: result.ratio,
        target: 0.9,
        note: 'predict with monitor (every row sampled, a report every 10,000 rows) against predict without, same forest and rows',
        monitoredCallsPerSecond: Math.round(result.monitoredPerSecond),
        plainCallsPerSecond: Math.round(result.plainPerSecond),
        reportsSoFar: reports,
      });
    }
    await Promise.all([plain.close(), monitored.close()]);
  } finally {
    await mlops.close();
    temp.remove();
  }
}
