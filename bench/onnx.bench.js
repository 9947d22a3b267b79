// Serving deployed ONNX models: the predictor against a raw onnxruntime-node session on the
// same model and input, HTTP /predict (autocannon, in a child process) against the same
// process's raw session throughput, and hot swaps under HTTP load.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { MLOpsBuilder } from '@mlops-ts/core';
import { loadDeployedModel, logisticRegressionToOnnx, randomForestToOnnx, serve, uploadOnnxModel } from '@mlops-ts/onnx';
import { RandomForestClassifier } from 'ml-random-forest';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { percentile, report, round, temporaryDirectory } from './lib.js';

const experiment = 'bench-species';
const target = 'Production';
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const runFile = promisify(execFile);

/** A 3-class logistic regression over 4 features (label + probabilities): a small model, so the predictor's own cost shows. */
function speciesModel(shift = 0) {
  const weights = [
    [0.1 + shift, 0.2, -0.3, 0.4],
    [-0.1, 0.3 + shift, 0.2, -0.4],
    [0.2, -0.2, 0.1 + shift, 0.1],
  ];
  return logisticRegressionToOnnx({ classifiers: weights.map((row) => ({ weights: [row] })) }, { labels: ['setosa', 'versicolor', 'virginica'] });
}

/** A 50-tree random forest over 4 features and 3 classes (label + probabilities), trained on seeded rows: a model of the size the examples train. */
function forestModel() {
  const features = makeRows(600, 3);
  const rows = Array.from({ length: 600 }, (_, index) => Array.from(features.subarray(index * 4, index * 4 + 4)));
  const labels = rows.map((row) => (row[0] + row[1] > 8 ? 0 : row[2] > 4 ? 1 : 2));
  const forest = new RandomForestClassifier({ nEstimators: 50, seed: 3 });
  forest.train(rows, labels);
  return randomForestToOnnx(forest, { featureCount: 4, labels: ['setosa', 'versicolor', 'virginica'] });
}

/** Rows of 4 float32 features with a fixed seed. */
function makeRows(count, seed = 7) {
  let state = seed;
  const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 8;
  return Float32Array.from({ length: count * 4 }, next);
}

async function deploy(mlops, bytes, name = experiment) {
  const run = await mlops.lifecycle.createRun(name);
  const { artifact } = await uploadOnnxModel(mlops, run.id, bytes, { name: 'species.onnx' });
  await mlops.lifecycle.endRun(run.id);
  const registered = await mlops.model.registerModel(name, artifact.id, 'bench');
  return mlops.deployment.deployModel(target, registered, 'bench');
}

/**
 * predictor.predict against session.run on the same rows. The two paths alternate in small
 * blocks (ABBA order, so drift cancels) and each side's time is summed: on a shared machine
 * every burst of load then falls on both sides alike instead of on one whole measurement.
 */
async function comparePredict(predictor, session, batch, calls, blocks) {
  const data = makeRows(batch);
  const dims = batch === 1 ? [1, 4] : [batch, 4];
  const raw = () => session.run({ X: new Tensor('float32', data, dims) });
  const viaPredictor = () => predictor.predict({ X: data });
  const block = Math.max(1, Math.round(calls / blocks));
  const timeBlock = async (call) => {
    const start = performance.now();
    for (let index = 0; index < block; index++) await call();
    return performance.now() - start;
  };
  // Warm up both paths (JIT, session arenas) before measuring.
  for (let index = 0; index < 3; index++) await Promise.all([timeBlock(raw), timeBlock(viaPredictor)]);
  let rawMs = 0;
  let predictorMs = 0;
  for (let index = 0; index < blocks; index++) {
    if (index % 2 === 0) {
      rawMs += await timeBlock(raw);
      predictorMs += await timeBlock(viaPredictor);
    } else {
      predictorMs += await timeBlock(viaPredictor);
      rawMs += await timeBlock(raw);
    }
  }
  const total = block * blocks;
  return { ratio: rawMs / predictorMs, raw: total / (rawMs / 1000), predictor: total / (predictorMs / 1000) };
}

/** Raw session.run throughput with `concurrency` callers for `seconds`, one row per call, as the server does per request. */
async function rawThroughput(session, concurrency, seconds) {
  const data = makeRows(1);
  const until = performance.now() + seconds * 1000;
  let calls = 0;
  const latencies = [];
  const caller = async () => {
    while (performance.now() < until) {
      const start = performance.now();
      await session.run({ X: new Tensor('float32', data, [1, 4]) });
      latencies.push(performance.now() - start);
      calls++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { perSecond: calls / seconds, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
}

/** Runs autocannon's CLI in a child process (so it does not share this event loop) and returns its JSON result. */
async function autocannon(url, { connections, seconds, body }) {
  const args = [autocannonCli, '--json', '--connections', String(connections), '--duration', String(seconds), '--method', 'POST', '--headers', 'content-type=application/json', '--body', body, url];
  const { stdout } = await runFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout);
}

export default async function benchOnnx() {
  const temp = temporaryDirectory('mlops-bench-onnx-');
  const mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository(path.join(temp.directory, 'models')).build();
  await mlops.deployment.createDeploymentTarget(target, { isProduction: true });
  const bytes = speciesModel();
  await deploy(mlops, bytes);
  try {
    // 1. predict vs raw session.run, same model and rows: a forest (the target) and the
    //    smallest model there is (no target: it shows the predictor's own cost per row).
    for (const [model, modelBytes, hasTarget] of [['forest', forestModel(), true], ['logistic', bytes, false]]) {
      const modelExperiment = `${experiment}-${model}`;
      await deploy(mlops, modelBytes, modelExperiment);
      // One intra-op thread on both sides: on a small shared machine a thread pool's
      // scheduling noise would otherwise dwarf the difference being measured.
      const sessionOptions = { intraOpNumThreads: 1 };
      const predictor = await loadDeployedModel(mlops, { experiment: modelExperiment, target, pollIntervalMs: 0, sessionOptions });
      const modelSession = await InferenceSession.create(modelBytes, sessionOptions);
      for (const [batch, calls, goal] of [[1, model === 'forest' ? 50_000 : 100_000, 0.9], [1_000, model === 'forest' ? 1_200 : 6_000, 0.98]]) {
        const result = await comparePredict(predictor, modelSession, batch, calls, batch === 1 ? 500 : 200);
        report({
          figure: `onnx.predict.${model}.batch${batch}`,
          ratio: result.ratio,
          ...(hasTarget ? { target: goal } : {}),
          predictorCallsPerSecond: Math.round(result.predictor),
          rawCallsPerSecond: Math.round(result.raw),
          predictorOverheadUs: round(1e6 / result.predictor - 1e6 / result.raw, 1),
        });
      }
      await predictor.close();
      await modelSession.release();
    }
    const session = await InferenceSession.create(bytes);

    // 2. HTTP /predict at batch 1 against the raw session's throughput at the same concurrency.
    const connections = 10;
    const seconds = 6;
    const raw = await rawThroughput(session, connections, 3);
    // The server polls the store as an application would: redeployments reach it by polling.
    const server = await serve(mlops, { experiment, target, port: 0, pollIntervalMs: 100 });
    const body = JSON.stringify({ X: [5.1, 3.5, 1.4, 0.2] });
    await autocannon(`${server.url}/predict`, { connections, seconds: 1, body });
    const http = await autocannon(`${server.url}/predict`, { connections, seconds, body });
    report({
      figure: 'onnx.http.predict.batch1',
      ratio: http.requests.average / raw.perSecond,
      requestsPerSecond: Math.round(http.requests.average),
      rawRunsPerSecond: Math.round(raw.perSecond),
      p50Ms: http.latency.p50,
      p99Ms: http.latency.p99,
      rawP50Ms: round(raw.p50Ms),
      rawP99Ms: round(raw.p99Ms),
      errors: http.errors + http.timeouts + http.non2xx,
      connections,
    });

    // 3. Ten redeployments, picked up by polling, while autocannon keeps the server busy: no request may fail.
    let reloads = 0;
    server.predictor.on('reload', () => reloads++);
    const load = autocannon(`${server.url}/predict`, { connections, seconds: 8, body });
    const swapStart = performance.now();
    for (let index = 1; index <= 10; index++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const reloaded = once(server.predictor, 'reload');
      await deploy(mlops, speciesModel(index / 10));
      await reloaded;
    }
    const swapSeconds = (performance.now() - swapStart) / 1000;
    const underLoad = await load;
    const failed = underLoad.errors + underLoad.timeouts + underLoad.non2xx;
    // Not a ratio: the target is an absolute zero, so the line is printed here rather than by report().
    console.log(JSON.stringify({ figure: 'onnx.http.hotSwap', failedRequests: failed, target: 0, pass: failed === 0 && reloads === 10 && swapSeconds < 8, reloads, requests: underLoad.requests.total, swapSeconds: round(swapSeconds, 1), p99Ms: underLoad.latency.p99 }));
    await server.close();
    await session.release();
  } finally {
    await mlops.close();
    temp.remove();
  }
}
