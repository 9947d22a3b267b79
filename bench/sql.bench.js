// The relational stores (@mlops-ts/sql): run and model version search and down-sampled history on
// SQLite, and on a throwaway PostgreSQL server batched logging against raw pg inserts of the same
// rows, and search.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MLOpsBuilder } from '@mlops-ts/core';
import { SQLiteMetadataStore } from '@mlops-ts/sqlite';
import { PostgresMetadataStore } from '@mlops-ts/postgres';
import { median, report, round, temporaryDirectory, time } from './lib.js';
import { benchSearchModelVersions } from './registry-search.js';

const searchRunCount = 10_000;
const searchQuery = { filter: "metrics.m0 > 0.5 and params.p1 = 'v3'", orderBy: ['metrics.m1 DESC'], limit: 100 };
const searchCalls = 20;
const historyPoints = 1_000_000;
const historyCalls = 10;
const postgresRuns = 5;
const postgresPointsPerRun = 100_000;

export default async function benchSql() {
  const temp = temporaryDirectory('mlops-bench-sql-');
  try {
    const store = new SQLiteMetadataStore({ path: path.join(temp.directory, 'mlops.db') });
    const mlops = await new MLOpsBuilder().useMetadataStore(store).useLocalFileModelRepository(path.join(temp.directory, 'models')).build();
    await benchSearch('sqlite', mlops, 25);
    await benchSearchWithDeletedRuns('sqlite', mlops, 25);
    await benchSampledHistory('sqlite', mlops, 100);
    await benchSearchModelVersions('sqlite', mlops, 25);
    await mlops.close();
  } finally {
    temp.remove();
  }
  await benchPostgres();
}

/** 10,000 runs × (10 params, 10 metrics, 5 tags) in experiment 'search', written through the store. */
async function populateSearchRuns(store, concurrency = 1) {
  const experiment = await store.createExperiment({ id: id(0, 0), name: 'search', description: null, tags: {}, createdAt: 1 });
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const runs = Array.from({ length: searchRunCount }, (_, index) => ({
    id: id(1, index),
    tags: Object.fromEntries(Array.from({ length: 5 }, (_, key) => [`t${key}`, `x${Math.floor(random() * 5)}`])),
    params: Array.from({ length: 10 }, (_, key) => ({ key: `p${key}`, value: `v${Math.floor(random() * 10)}` })),
    metrics: Array.from({ length: 10 }, (_, key) => ({ key: `m${key}`, value: random(), step: 0, timestamp: 1 })),
  }));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < runs.length) {
        const run = runs[next++];
        const info = { id: run.id, experimentId: experiment.id, name: null, status: 'finished', startTime: 1_700_000_000_000 + next, endTime: null, trainingTimeMs: null, gitCommit: null, parentRunId: null, tags: run.tags };
        await store.createRun(info);
        await store.logParams(run.id, run.params);
      }
    }),
  );
  const points = runs.flatMap((run) => run.metrics.map((metric) => ({ ...metric, runId: run.id })));
  for (let start = 0; start < points.length; start += 20_000) await store.logMetrics(points.slice(start, start + 20_000));
}

/** A UUID-shaped id: ids sort like UUID v7 strings, in creation order. */
function id(kind, index) {
  return `0190${String(kind).padStart(4, '0')}-0000-7000-8000-${String(index).padStart(12, '0')}`;
}

/** The same search as plain JavaScript over runs already in memory: filter, sort, slice. */
function scanInJavaScript(runs) {
  const matching = runs.filter((run) => run.metrics.m0 > 0.5 && run.params.p1 === 'v3');
  matching.sort((a, b) => b.metrics.m1 - a.metrics.m1 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return matching.slice(0, searchQuery.limit);
}

async function benchSearch(providerId, mlops, targetMs, afterLoad = async () => {}) {
  const setupMs = await time(() => populateSearchRuns(mlops.metadataStore, providerId === 'postgres' ? 8 : 1));
  await afterLoad();
  const search = () => mlops.lifecycle.searchRuns({ experiment: 'search', ...searchQuery });
  await search(); // warm-up: statement caches, JIT
  const searchTimes = [];
  let result;
  for (let call = 0; call < searchCalls; call++) searchTimes.push(await time(async () => (result = await search())));

  // Baselines: a scan in JavaScript over the same runs held in memory, and what a store
  // without native search costs (read every run of the experiment, then scan).
  let inMemory;
  const listAndScanMs = await time(async () => (inMemory = await mlops.metadataStore.listRuns((await mlops.lifecycle.getExperiment('search')).id)));
  const scanTimes = [];
  let expected;
  for (let call = 0; call < searchCalls; call++) scanTimes.push(await time(() => (expected = scanInJavaScript(inMemory))));
  const searchMs = median(searchTimes);
  const scanMs = median(scanTimes);
  report({
    figure: `${providerId}.searchRuns`,
    medianMs: round(searchMs, 2),
    target: targetMs,
    targetKind: 'max',
    jsScanRatio: round(scanMs / searchMs),
    jsScanMedianMs: round(scanMs, 2),
    listAndScanRatio: round((listAndScanMs + scanMs) / searchMs),
    sameRunsAsScan: result.runs.map((run) => run.id).join() === expected.map((run) => run.id).join(),
    runs: searchRunCount,
    matched: result.runs.length,
    setupSeconds: round(setupMs / 1000, 1),
    query: searchQuery,
  });
}

/**
 * The same search after deleting one run in ten (1,000 of the 10,000): deleted runs are
 * left out by the search itself (`attributes.lifecycle_stage = 'active'`, served by the
 * runs_by_experiment_stage index), so the figure must stay as low as without deletions.
 */
async function benchSearchWithDeletedRuns(providerId, mlops, targetMs, afterDelete = async () => {}) {
  const experiment = await mlops.lifecycle.getExperiment('search');
  const all = await mlops.metadataStore.listRuns(experiment.id, { lifecycle: 'all' });
  const deletedAt = Date.now();
  const deleteMs = await time(async () => {
    for (let index = 0; index < all.length; index += 10) await mlops.metadataStore.updateRun(all[index].id, { lifecycleStage: 'deleted', deletedAt });
  });
  await afterDelete();
  const search = () => mlops.lifecycle.searchRuns({ experiment: 'search', ...searchQuery });
  await search();
  const searchTimes = [];
  let result;
  for (let call = 0; call < searchCalls; call++) searchTimes.push(await time(async () => (result = await search())));
  const active = await mlops.lifecycle.getRuns('search');
  const scanTimes = [];
  let expected;
  for (let call = 0; call < searchCalls; call++) scanTimes.push(await time(() => (expected = scanInJavaScript(active))));
  const searchMs = median(searchTimes);
  const scanMs = median(scanTimes);
  report({
    figure: `${providerId}.searchRuns.someDeleted`,
    medianMs: round(searchMs, 2),
    target: targetMs,
    targetKind: 'max',
    jsScanRatio: round(scanMs / searchMs),
    sameRunsAsScan: result.runs.map((run) => run.id).join() === expected.map((run) => run.id).join(),
    noDeletedRun: result.runs.every((run) => run.lifecycleStage === 'active'),
    runs: all.length,
    deleted: Math.ceil(all.length / 10),
    deleteSeconds: round(deleteMs / 1000, 1),
    matched: result.runs.length,
  });
}

async function benchSampledHistory(label, mlops, target, prepare = async () => undefined) {
  const run = await mlops.lifecycle.createRun('history');
  const batch = 100_000;
  for (let start = 0; start < historyPoints; start += batch) {
    await mlops.evaluation.logMetrics(
      run.id,
      Array.from({ length: batch }, (_, index) => ({ key: 'loss', value: Math.sin((start + index) / 5_000) / (1 + (start + index) / 100_000), step: start + index, timestamp: 1 })),
    );
  }
  await prepare();
  const read = () => mlops.evaluation.getMetricHistory(run.id, 'loss', { maxPoints: 1000 });
  await read();
  const times = [];
  let sampled;
  for (let call = 0; call < historyCalls; call++) times.push(await time(async () => (sampled = await read())));
  // What the core does for a store without native down-sampling: read every point, reduce in JavaScript.
  const fullReadMs = await time(() => mlops.metadataStore.getMetricHistory(run.id, 'loss'));
  const medianMs = median(times);
  report({ figure: `${label}.getMetricHistory.sampled`, medianMs: round(medianMs, 1), target, targetKind: 'max', fullReadRatio: round(fullReadMs / medianMs), fullReadMs: Math.round(fullReadMs), points: historyPoints, maxPoints: 1000, returned: sampled.length });
}

async function benchPostgres() {
  const server = await startPostgres();
  if (!server) {
    console.log(JSON.stringify({ figure: 'postgres', skipped: 'PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/initdb); .ci/run installs it' }));
    return;
  }
  try {
    await benchPostgresLogging(server.url);
    const temp = temporaryDirectory('mlops-bench-pg-');
    const mlops = await new MLOpsBuilder()
      .useMetadataStore(new PostgresMetadataStore({ connectionString: server.url, schema: 'search' }))
      .useLocalFileModelRepository(path.join(temp.directory, 'models'))
      .build();
    // Fresh planner statistics, as autovacuum's analyze would have them shortly after a bulk load.
    await benchSearch('postgres', mlops, undefined, () => analyze(server.url));
    await benchSearchWithDeletedRuns('postgres', mlops, undefined, () => analyze(server.url));
    await benchSearchModelVersions('postgres', mlops, undefined, () => analyze(server.url));
    await benchSampledHistory('postgres', mlops, undefined, () => analyze(server.url));
    await mlops.close();
    temp.remove();
  } finally {
    await server.stop();
  }
}

/**
 * logMetrics through the context (one unnest statement per batch, plus the runs check and
 * latest-value upserts), against raw pg inserts of the same rows into a copy of the store's
 * metrics table: multi-row INSERT … VALUES of 1,000 rows in one transaction, and one unnest.
 */
async function benchPostgresLogging(url) {
  const points = Array.from({ length: postgresPointsPerRun }, (_, index) => ({ key: `m${index % 10}`, value: Math.random(), step: Math.floor(index / 10), timestamp: 1_700_000_000_000 + index }));
  const temp = temporaryDirectory('mlops-bench-pg-');
  const mlops = await new MLOpsBuilder()
    .useMetadataStore(new PostgresMetadataStore({ connectionString: url, schema: 'logging' }))
    .useLocalFileModelRepository(path.join(temp.directory, 'models'))
    .build();
  const runs = [];
  for (let index = 0; index < postgresRuns; index++) runs.push(await mlops.lifecycle.createRun('bench'));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE logging.raw_metrics (LIKE logging.metrics INCLUDING ALL)'); // same columns and indexes, no foreign key
  let contextMs = Infinity;
  let valuesMs = Infinity;
  let unnestMs = Infinity;
  for (let round = 0; round < 2; round++) {
    contextMs = Math.min(contextMs, await time(async () => {
      for (const run of runs) await mlops.evaluation.logMetrics(run.id, points);
    }));
    valuesMs = Math.min(valuesMs, await time(async () => {
      for (const run of runs) await insertWithValues(client, run.id, points);
    }));
    unnestMs = Math.min(unnestMs, await time(async () => {
      for (const run of runs) await insertWithUnnest(client, run.id, points);
    }));
  }
  await client.end();
  await mlops.close();
  temp.remove();
  const total = postgresRuns * postgresPointsPerRun;
  report({
    figure: 'postgres.logMetrics.batched',
    ratio: valuesMs / contextMs,
    target: 0.5,
    ratioVsRawUnnest: round(unnestMs / contextMs),
    pointsPerSecond: Math.round(total / (contextMs / 1000)),
    rawValuesPointsPerSecond: Math.round(total / (valuesMs / 1000)),
    rawUnnestPointsPerSecond: Math.round(total / (unnestMs / 1000)),
    points: total,
  });
}

async function analyze(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE');
  await client.end();
}

async function insertWithValues(client, runId, points) {
  await client.query('BEGIN');
  for (let start = 0; start < points.length; start += 1_000) {
    const chunk = points.slice(start, start + 1_000);
    const params = [];
    const rows = chunk.map((point) => {
      params.push(runId, point.key, point.value, point.step, point.timestamp);
      const at = params.length;
      return `($${at - 4}, $${at - 3}, $${at - 2}, $${at - 1}, $${at})`;
    });
    await client.query(`INSERT INTO logging.raw_metrics (run_id, "key", value, step, timestamp) VALUES ${rows.join(', ')}`, params);
  }
  await client.query('COMMIT');
}

async function insertWithUnnest(client, runId, points) {
  await client.query(
    'INSERT INTO logging.raw_metrics (run_id, "key", value, step, timestamp) SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::int8[], $5::int8[])',
    [points.map(() => runId), points.map((point) => point.key), points.map((point) => point.value), points.map((point) => point.step), points.map((point) => point.timestamp)],
  );
}

/** initdb in a temp folder and postgres on 127.0.0.1 at a free port (as the postgres user when root); null when not installed. */
async function startPostgres() {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).filter((entry) => existsSync(path.join(root, entry, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) return null;
  const binaries = path.join(root, version, 'bin');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-postgres-'));
  const data = path.join(folder, 'data');
  const isRoot = process.getuid?.() === 0;
  const command = (name, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(binaries, name), ...args]] : [path.join(binaries, name), args]);
  if (isRoot) chownSync(folder, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout));
  const initdb = spawnSync(...command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']), { encoding: 'utf8' });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  // Default durability settings, as a real server has them.
  const child = spawn(...command('postgres', ['-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', folder, '-c', 'max_connections=100']), { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    let log = '';
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (log.includes('ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`postgres exited (${code}): ${log}`)));
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      spawnSync(...command('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']));
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
