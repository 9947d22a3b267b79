// Cosmos DB store against the local @vercel/cosmosdb-server, started in this process.
// Absolute figures only: that server runs in the same Node.js process and says nothing about
// the real service's latency or RU costs.
import https from 'node:https';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/cosmos';
import { median, report, temporaryDirectory, time } from './lib.js';

const runCount = 10;
const pointsPerRun = 10_000;
const searchRuns = 500;
const searchCalls = 10;

export default async function benchCosmos() {
  const server = createHttpsServer({ keepAlive: true });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `https://127.0.0.1:${server.address().port}`;
  // The local server's certificate is self-signed; this agent is for the benchmark only.
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });
  const key = Buffer.from('local cosmosdb-server key').toString('base64');
  const models = temporaryDirectory('mlops-bench-cosmos-');
  const mlops = await new MLOpsBuilder()
    .useCosmosDb({ endpoint, key, databaseId: `bench-${Date.now()}`, clientOptions: { agent } })
    .useLocalFileModelRepository(models.directory)
    .build();
  try {
    const points = Array.from({ length: pointsPerRun }, (_value, index) => ({ key: `m${index % 10}`, value: Math.random(), step: Math.floor(index / 10) }));
    const runs = [];
    for (let index = 0; index < runCount; index++) runs.push(await mlops.lifecycle.createRun('bench'));
    const loggingMs = await time(async () => {
      for (const run of runs) await mlops.evaluation.logMetrics(run.id, points);
    });
    report({ figure: 'cosmos.logMetrics.batched.localServer', pointsPerSecond: Math.round((runCount * pointsPerRun) / (loggingMs / 1000)), points: runCount * pointsPerRun, ms: Math.round(loggingMs) });

    for (let index = 0; index < searchRuns; index++) {
      const run = await mlops.lifecycle.createRun('search', { name: `run-${index}` });
      await mlops.training.logHyperParameters(run.id, { p1: `v${index % 5}` });
      await mlops.evaluation.logMetrics(run.id, { m0: Math.random(), m1: Math.random() });
    }
    const durations = [];
    for (let call = 0; call < searchCalls; call++) {
      durations.push(await time(() => mlops.lifecycle.searchRuns({ experiment: 'search', filter: "metrics.m0 > 0.5 and params.p1 = 'v3'", orderBy: ['metrics.m1 DESC'], limit: 100 })));
    }
    report({ figure: 'cosmos.searchRuns.localServer', medianMs: Math.round(median(durations) * 10) / 10, runs: searchRuns, calls: searchCalls });
  } finally {
    await mlops.close();
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    models.remove();
  }
}
