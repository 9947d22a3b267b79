import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MLOpsBuilder } from '@mlops-ts/core';
import { runWorkersTogether } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, expect, test } from 'vitest';
import '../src/index.js';
import { typeScriptNodeArgs } from './support/global-setup.js';
import { testTokens } from './support/remote-servers.js';

// The mlops-server command in a process of its own over SQLite in a temporary folder, and 8
// trainer processes logging and registering through it at the same moment.
const packageRoot = path.resolve(fileURLToPath(import.meta.url), '../..');
const trainerCount = 8;
let folder: string;
let server: ChildProcess;
let url: string;

beforeAll(async () => {
  // Inside the package, so that loadContext finds @mlops-ts/sqlite in its node_modules, as in a project that installed it.
  await mkdir(path.join(packageRoot, 'node_modules/.cache'), { recursive: true });
  folder = await mkdtemp(path.join(packageRoot, 'node_modules/.cache/mlops-remote-trainers-'));
  await writeFile(
    path.join(folder, 'mlops.config.json'),
    JSON.stringify({ store: { provider: 'sqlite', options: { path: 'data/mlops.db' } }, repository: { provider: 'local', options: { rootDir: 'data/models' } } }),
  );
  const bin = path.resolve(packageRoot, '../server/src/bin.ts');
  server = spawn(process.execPath, [...typeScriptNodeArgs(), bin, '--port', '0'], {
    cwd: folder,
    env: { ...process.env, MLOPS_SERVER_TOKENS: JSON.stringify([testTokens.writer]) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    server.once('exit', (code) => reject(new Error(`mlops-server exited with ${code} before listening`)));
  });
}, 60_000);

afterAll(async () => {
  if (server?.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await rm(folder, { recursive: true, force: true });
});

test(`${trainerCount} trainer processes × 10,000 metric points + 10 registrations through one server: no error, no lost point, versions 1..80`, { timeout: 300_000 }, async () => {
  process.env.MLOPS_TRACKING_URI = url;
  process.env.MLOPS_TRACKING_TOKEN = testTokens.writer.token;
  let results: { runId: string; versions: number[] }[];
  try {
    results = await runWorkersTogether({
      script: path.join(packageRoot, 'test/fixtures/trainer.ts'),
      nodeArgs: typeScriptNodeArgs(),
      cwd: packageRoot,
      count: trainerCount,
      argsOf: (index) => [String(index)],
    });
  } finally {
    delete process.env.MLOPS_TRACKING_URI;
    delete process.env.MLOPS_TRACKING_TOKEN;
  }

  expect(results.flatMap((result) => result.versions).sort((a, b) => a - b)).toEqual(Array.from({ length: trainerCount * 10 }, (_, index) => index + 1));
  for (const result of results) expect(result.versions).toEqual([...result.versions].sort((a, b) => a - b));

  await using mlops = await new MLOpsBuilder({ captureRunContext: false }).useRemoteTracking(url, { token: testTokens.writer.token }).build();
  for (const [index, result] of results.entries()) {
    const history = await mlops.evaluation.getMetricHistory(result.runId, 'loss');
    expect(history.map((point) => point.step)).toEqual(Array.from({ length: 10_000 }, (_, step) => step));
    expect(history.at(-1)!.value).toBe(1 / (10_000 + index));
  }
  const versions = await mlops.model.getModelVersions('fleet');
  expect(versions.map((version) => version.version)).toEqual(Array.from({ length: trainerCount * 10 }, (_, index) => index + 1));
  expect(new Set(versions.map((version) => version.registeredBy))).toEqual(new Set([testTokens.writer.name]));
});
