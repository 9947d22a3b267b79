// MLflow's log-batch route of @mlops-ts/server under load: requests per second of batches
// of 1,000 metrics (the most MLflow's clients put in one request), against the same batches
// written with evaluation.logMetrics directly to the same kind of SQLite store.
import path from 'node:path';
import autocannon from 'autocannon';
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/sqlite';
import { createTrackingServer } from '@mlops-ts/server';
import { bestOf, report, round, temporaryDirectory, time } from './lib.js';

const metricsPerBatch = 1_000;
const directBatches = 400;
const durationSeconds = 10;
const connections = 4;
const token = { name: 'bench', token: 'mlflow-bench-token-0123456789abcdef', scope: 'write' };

const openContext = (directory) => new MLOpsBuilder({ captureRunContext: false }).useSQLite(path.join(directory, 'mlops.db')).useLocalFileModelRepository(path.join(directory, 'models')).build();

/** One MLflow LogBatch message: 1,000 points of 10 metrics, as a training loop sends them. */
function batchOf(runId) {
  const metrics = Array.from({ length: metricsPerBatch }, (_, index) => ({ key: `m${index % 10}`, value: Math.random(), timestamp: 1_700_000_000_000 + index, step: Math.floor(index / 10) }));
  return { run_id: runId, metrics };
}

export default async function benchMlflow() {
  // Baseline: the same batches through the catalog, in this process, one after another.
  const directMs = await bestOf(2, async () => {
    const temp = temporaryDirectory('mlops-bench-mlflow-');
    const mlops = await openContext(temp.directory);
    const run = await mlops.lifecycle.createRun('bench');
    const points = batchOf(run.id).metrics.map(({ key, value, timestamp, step }) => ({ key, value, timestamp, step }));
    const elapsed = await time(async () => {
      for (let index = 0; index < directBatches; index++) await mlops.evaluation.logMetrics(run.id, points);
    });
    await mlops.close();
    temp.remove();
    return elapsed;
  });
  const directBatchesPerSecond = directBatches / (directMs / 1000);

  // The server in this process; autocannon fires from a worker thread with its own event loop.
  const temp = temporaryDirectory('mlops-bench-mlflow-');
  const mlops = await openContext(temp.directory);
  const server = await createTrackingServer(mlops, { port: 0, logger: false, tokens: [token] });
  const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' };
  const created = await (await fetch(`${server.url}/api/2.0/mlflow/runs/create`, { method: 'POST', headers, body: JSON.stringify({ experiment_id: '0', start_time: Date.now() }) })).json();
  const body = JSON.stringify(batchOf(created.run.info.run_id));
  const result = await autocannon({ url: `${server.url}/api/2.0/mlflow/runs/log-batch`, method: 'POST', headers, body, connections, duration: durationSeconds, workers: 1 });
  const stored = (await mlops.evaluation.getMetricHistory(created.run.info.run_id, 'm0')).length * 10;
  await server.close();
  await mlops.close();
  temp.remove();

  const requestsPerSecond = result.requests.total / durationSeconds;
  // Requests still in flight when autocannon stops are stored after it counted: up to one per connection more.
  const isComplete = stored >= result['2xx'] * metricsPerBatch && stored <= (result['2xx'] + connections) * metricsPerBatch;
  if (result.non2xx > 0 || result.errors > 0 || !isComplete) {
    throw new Error(`mlflow log-batch: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${stored} points stored for ${result['2xx']} batches`);
  }
  report({
    figure: 'server.mlflow.logBatch',
    ratio: requestsPerSecond / directBatchesPerSecond,
    requestsPerSecond: Math.round(requestsPerSecond),
    metricsPerSecond: Math.round(requestsPerSecond * metricsPerBatch),
    directBatchesPerSecond: Math.round(directBatchesPerSecond),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    metricsPerBatch,
    connections,
    seconds: durationSeconds,
    requestBytes: Buffer.byteLength(body),
    baseline: 'evaluation.logMetrics of the same batches directly on SQLite, one after another',
    note: `${round(requestsPerSecond * metricsPerBatch / 1000, 1)}k metrics/s through MLflow's route; an MLflow tracking server is published at about 3.4k–8.4k metrics/s`,
  });
}
