// @mlops-ts/remote through an @mlops-ts/server process against the same calls on the same
// SQLite store directly: batched metric logging, and a run search over 10,000 runs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/remote';
import '@mlops-ts/sqlite';
import { bestOf, median, report, round, temporaryDirectory, time } from './lib.js';

const runCount = 10;
const pointsPerRun = 100_000;
/** What a trainer's background logger sends at once. */
const pointsPerBatch = 10_000;
const searchedRuns = 10_000;
const searchRounds = 30;
const token = randomBytes(24).toString('base64url');

function makePoints() {
  return Array.from({ length: pointsPerRun }, (_, index) => ({ key: `m${index % 10}`, value: Math.random(), step: Math.floor(index / 10), timestamp: 1_700_000_000_000 + index }));
}

/** Starts remote-server.js over the SQLite file; resolves with its URL and a stop function. */
async function startServer(database, models) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./remote-server.js', import.meta.url)), database, models], {
    env: { ...process.env, MLOPS_BENCH_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`remote-server.js exited with ${code}`)));
  });
  return {
    url,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

const openDirect = (directory) => new MLOpsBuilder({ captureRunContext: false }).useSQLite(path.join(directory, 'mlops.db')).useLocalFileModelRepository(path.join(directory, 'models')).build();
const openRemote = (url) => new MLOpsBuilder({ captureRunContext: false }).useRemoteTracking(url, { token }).build();

/** Logs every run's points in batches of `pointsPerBatch`; returns the milliseconds taken. */
async function logBatches(mlops, runs, points) {
  return time(async () => {
    for (const run of runs) {
      for (let start = 0; start < points.length; start += pointsPerBatch) await mlops.evaluation.logMetrics(run.id, points.slice(start, start + pointsPerBatch));
    }
  });
}

export default async function benchRemote() {
  const points = makePoints();

  // 1. Batched metric logging: the same batches into one SQLite store, directly and through the server.
  let directMs = Infinity;
  const remoteMs = await bestOf(2, async () => {
    const temp = temporaryDirectory('mlops-bench-remote-');
    try {
      const direct = await openDirect(temp.directory);
      const directRuns = [];
      for (let index = 0; index < runCount; index++) directRuns.push(await direct.lifecycle.createRun('direct'));
      directMs = Math.min(directMs, await logBatches(direct, directRuns, points));
      await direct.close();
      const server = await startServer(path.join(temp.directory, 'mlops.db'), path.join(temp.directory, 'models'));
      try {
        const remote = await openRemote(server.url);
        const remoteRuns = [];
        for (let index = 0; index < runCount; index++) remoteRuns.push(await remote.lifecycle.createRun('remote'));
        const elapsed = await logBatches(remote, remoteRuns, points);
        await remote.close();
        return elapsed;
      } finally {
        await server.stop();
      }
    } finally {
      temp.remove();
    }
  });
  const total = runCount * pointsPerRun;
  report({
    figure: 'remote.logMetrics.batched',
    ratio: directMs / remoteMs,
    target: 0.25,
    pointsPerSecond: Math.round(total / (remoteMs / 1000)),
    directPointsPerSecond: Math.round(total / (directMs / 1000)),
    remoteMs: Math.round(remoteMs),
    directMs: Math.round(directMs),
    points: total,
    pointsPerBatch,
  });

  await benchSearch();
}

/** searchRuns over 10,000 runs (a filter on a metric and a param, ordered by the metric, a page of 100). */
async function benchSearch() {
  const temp = temporaryDirectory('mlops-bench-remote-search-');
  try {
    const direct = await openDirect(temp.directory);
    for (let index = 0; index < searchedRuns; index++) {
      const run = await direct.lifecycle.createRun('sweep');
      await direct.training.logHyperParameter(run.id, 'depth', index % 8);
      await direct.evaluation.logMetric(run.id, 'accuracy', (index % 1000) / 1000);
    }
    const server = await startServer(path.join(temp.directory, 'mlops.db'), path.join(temp.directory, 'models'));
    const remote = await openRemote(server.url);
    try {
      const search = { experiment: 'sweep', filter: "metrics.accuracy > 0.5 and params.depth = '3'", orderBy: ['metrics.accuracy DESC'], limit: 100 };
      const directTimes = [];
      const remoteTimes = [];
      let found = 0;
      // Warm both sides first (the server process has just started: cold JIT and page cache).
      for (let round = 0; round < 5; round++) await Promise.all([direct.lifecycle.searchRuns(search), remote.lifecycle.searchRuns(search)]);
      for (let round = 0; round < searchRounds; round++) {
        directTimes.push(await time(async () => (found = (await direct.lifecycle.searchRuns(search)).runs.length)));
        remoteTimes.push(await time(async () => (found = (await remote.lifecycle.searchRuns(search)).runs.length)));
      }
      const directSearchMs = median(directTimes);
      const remoteSearchMs = median(remoteTimes);
      report({
        figure: 'remote.searchRuns.10k',
        ratio: directSearchMs / remoteSearchMs,
        target: 0.5,
        remoteMs: round(remoteSearchMs, 2),
        directMs: round(directSearchMs, 2),
        runs: searchedRuns,
        runsAnswered: found,
      });
    } finally {
      await remote.close();
      await server.stop();
      await direct.close();
    }
  } finally {
    temp.remove();
  }
}

