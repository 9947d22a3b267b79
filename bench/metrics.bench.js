// Metric logging on SQLite through the context, against raw better-sqlite3 inserts of the same rows.
import path from 'node:path';
import Database from 'better-sqlite3';
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/sqlite';
import { bestOf, report, temporaryDirectory, time } from './lib.js';

const runCount = 10;
const pointsPerRun = 100_000;
const keysPerRun = 10;
const singleWrites = 2_000;

function makePoints() {
  const points = new Array(pointsPerRun);
  for (let index = 0; index < pointsPerRun; index++) {
    points[index] = { key: `m${index % keysPerRun}`, value: Math.random(), step: Math.floor(index / keysPerRun), timestamp: 1_700_000_000_000 + index };
  }
  return points;
}

async function openContext(directory) {
  return new MLOpsBuilder().useSQLite(path.join(directory, 'mlops.db')).useLocalFileModelRepository(path.join(directory, 'models')).build();
}

/** A raw database whose metrics table is the store's own (same columns and indexes), with the same pragmas. */
function openRawDatabase(directory, storeFile) {
  const store = new Database(storeFile, { readonly: true });
  const ddl = store.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'metrics' AND sql IS NOT NULL").all().map((row) => row.sql);
  store.close();
  const raw = new Database(path.join(directory, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  // The raw table has no foreign key to runs: the baseline does strictly less work than the store.
  for (const statement of ddl) raw.exec(statement.replace(/REFERENCES\s+\w+\s*\([^)]*\)/g, ''));
  return raw;
}

export default async function benchMetrics() {
  const points = makePoints();
  const runIds = Array.from({ length: runCount }, (_value, index) => `run-${index}`);

  // 1. Batched: one logMetrics call (one transaction) per run, against one raw transaction per run.
  let contextMs = 0;
  let rawMs = 0;
  let loggerMs = 0;
  contextMs = await bestOf(2, async () => {
    const temp = temporaryDirectory('mlops-bench-');
    const mlops = await openContext(temp.directory);
    const runs = [];
    for (let index = 0; index < runCount; index++) runs.push(await mlops.lifecycle.createRun('bench'));
    const elapsed = await time(async () => {
      for (const run of runs) await mlops.evaluation.logMetrics(run.id, points);
    });
    await mlops.close();
    rawMs = Math.min(rawMs || Infinity, await measureRawBatched(temp.directory, points, runIds));
    temp.remove();
    return elapsed;
  });
  report({ figure: 'sqlite.logMetrics.batched', ratio: rawMs / contextMs, target: 0.5, pointsPerSecond: Math.round((runCount * pointsPerRun) / (contextMs / 1000)), rawPointsPerSecond: Math.round((runCount * pointsPerRun) / (rawMs / 1000)), contextMs: Math.round(contextMs), rawMs: Math.round(rawMs), points: runCount * pointsPerRun });

  // 2. One at a time, each durable when its promise resolves, against raw autocommit inserts.
  let rawSingleMs = 0;
  const contextSingleMs = await bestOf(2, async () => {
    const temp = temporaryDirectory('mlops-bench-');
    const mlops = await openContext(temp.directory);
    const run = await mlops.lifecycle.createRun('bench');
    const elapsed = await time(async () => {
      for (let index = 0; index < singleWrites; index++) await mlops.evaluation.logMetric(run.id, 'loss', Math.random(), { step: index });
    });
    await mlops.close();
    const raw = openRawDatabase(temp.directory, path.join(temp.directory, 'mlops.db'));
    const insert = raw.prepare('INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)');
    const rawElapsed = await time(() => {
      for (let index = 0; index < singleWrites; index++) insert.run(run.id, 'loss', Math.random(), index, Date.now());
    });
    raw.close();
    rawSingleMs = Math.min(rawSingleMs || Infinity, rawElapsed);
    temp.remove();
    return elapsed;
  });
  report({ figure: 'sqlite.logMetric.single', ratio: rawSingleMs / contextSingleMs, target: 0.5, writesPerSecond: Math.round(singleWrites / (contextSingleMs / 1000)), rawWritesPerSecond: Math.round(singleWrites / (rawSingleMs / 1000)), writes: singleWrites });

  // 3. Background logger against the batched path: same points, from the first call until close() resolves.
  loggerMs = await bestOf(2, async () => {
    const temp = temporaryDirectory('mlops-bench-');
    const mlops = await openContext(temp.directory);
    const runs = [];
    for (let index = 0; index < runCount; index++) runs.push(await mlops.lifecycle.createRun('bench'));
    const elapsed = await time(async () => {
      for (const run of runs) {
        const logger = mlops.evaluation.logger(run.id, { batchSize: 10_000 });
        for (const point of points) logger.logMetric(point.key, point.value, { step: point.step, timestamp: point.timestamp });
        await logger.close();
      }
    });
    await mlops.close();
    temp.remove();
    return elapsed;
  });
  report({ figure: 'sqlite.logger.vsBatched', ratio: contextMs / loggerMs, target: 0.8, pointsPerSecond: Math.round((runCount * pointsPerRun) / (loggerMs / 1000)), loggerMs: Math.round(loggerMs), batchedMs: Math.round(contextMs) });
}

async function measureRawBatched(directory, points, runIds) {
  const raw = openRawDatabase(directory, path.join(directory, 'mlops.db'));
  const insert = raw.prepare('INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)');
  const insertAll = raw.transaction((runId) => {
    for (const point of points) insert.run(runId, point.key, point.value, point.step, point.timestamp);
  });
  const elapsed = await time(() => {
    for (const runId of runIds) insertAll(runId);
  });
  raw.close();
  return elapsed;
}
