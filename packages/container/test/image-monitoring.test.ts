import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MLOpsBuilder, type MLOpsContext, type ModelVersion } from '@mlops-ts/core';
import { monitoringRunTags, uploadOnnxModel } from '@mlops-ts/onnx';
import { createTrackingServer, type TrackingServer } from '@mlops-ts/server';
import '@mlops-ts/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { imageRuntimePackages } from '../src/build-model-image.js';
import { appLayerFiles, modelLayerFiles } from '../src/image/model-image-files.js';
import { collectRuntimePackages } from '../src/image/runtime-packages.js';
import { freePort } from './support/container-tools.js';
import { linearModel } from './support/model-fixtures.js';

const token = 'image-writer-token-0123456789abcdef';
const containerFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Training rows of y = 2·x1 − x2 + 0.5 with x1, x2 spread over [0, 1) (deterministic). */
const trainRows = Array.from({ length: 400 }, (_, index) => {
  const x1 = ((index * 37) % 400) / 400;
  const x2 = ((index * 91) % 400) / 400;
  return { x1, x2, y: 2 * x1 - x2 + 0.5 };
});

/**
 * The image's runtime and app layers and its model layer, laid out under a temp folder as
 * the image has them (/app, /model), and its entry script run there with node: the image
 * without a container engine.
 */
describe('the image entry script with MLOPS_TRACKING_URI: drift monitoring through a tracking server', () => {
  let folder: string;
  let serverContext: MLOpsContext;
  let server: TrackingServer;
  let version: ModelVersion;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-image-monitoring-'));
    serverContext = await new MLOpsBuilder({ captureRunContext: false })
      .useSQLite({ path: path.join(folder, 'mlops.db') })
      .useLocalFileModelRepository(path.join(folder, 'models'))
      .build();
    server = await createTrackingServer(serverContext, { port: 0, logger: false, tokens: [{ name: 'model-image', token, scope: 'write' }] });

    const run = await serverContext.lifecycle.createRun('image-monitoring');
    await serverContext.data.logData(run.id, trainRows, { name: 'train' });
    for (const column of ['x1', 'x2', 'y']) await serverContext.data.logDataDistribution(run.id, trainRows, column, { name: 'train' });
    const bytes = linearModel(2, -1, 0.5);
    const { artifact } = await uploadOnnxModel(serverContext, run.id, bytes, { name: 'model.onnx' });
    version = await serverContext.model.registerModel('image-monitoring', artifact.id, 'ci', { model: 'drifting', dataSet: 'train', features: ['x1', 'x2'], label: 'y' });

    const root = path.join(folder, 'image');
    const runtime = await collectRuntimePackages(imageRuntimePackages, containerFolder, { os: 'linux', architecture: process.arch === 'arm64' ? 'arm64' : 'amd64' });
    const files = [
      ...runtime,
      ...appLayerFiles(),
      ...modelLayerFiles(Buffer.from(bytes), { model: version.modelName, version: version.version, modelVersionId: version.id, runId: version.runId, sha256: artifact.sha256 }),
    ];
    for (const file of files) {
      // The entry script names /model/…: point it at the temp folder's copy.
      const content = file.path === '/app/server.mjs' ? Buffer.from(file.content.toString('utf8').replaceAll("'/model/", `'${root}/model/`)) : file.content;
      await mkdir(path.dirname(path.join(root, file.path)), { recursive: true });
      await writeFile(path.join(root, file.path), content, { mode: file.mode ?? 0o644 });
    }
  }, 120_000);

  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await server?.close();
    await serverContext?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** Starts the entry script with only the given MLOPS_* variables; resolves once it logs 'serving'. */
  async function startEntryScript(variables: Record<string, string>): Promise<{ child: ChildProcess; url: string; serving: Record<string, unknown>; output: () => string }> {
    const port = await freePort();
    const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MLOPS_')));
    const app = path.join(folder, 'image', 'app');
    const child = spawn(process.execPath, [path.join(app, 'server.mjs')], { cwd: app, env: { ...environment, HOST: '127.0.0.1', PORT: String(port), ...variables }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let attempt = 0; ; attempt++) {
      const line = output.split('\n').find((candidate) => candidate.includes('"serving"'));
      if (line) return { child, url: `http://127.0.0.1:${port}`, serving: JSON.parse(line) as Record<string, unknown>, output: () => output };
      if (child.exitCode !== null || attempt > 600) throw new Error(`The entry script did not start serving:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function stop(child: ChildProcess): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  const predict = (url: string, rows: number[][]): Promise<Response> =>
    fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ X: rows }) });

  async function monitoringRuns(): Promise<{ id: string; tags: Record<string, string> }[]> {
    const experiment = await serverContext.lifecycle.getExperiment('image-monitoring');
    const { runs } = await serverContext.lifecycle.searchRuns({ experiment: experiment!.id, filter: `tags.\`${monitoringRunTags.modelVersionId}\` = '${version.id}'` });
    return runs as unknown as { id: string; tags: Record<string, string> }[];
  }

  it('logs a drift report of shifted traffic to a monitoring run on the tracking server, and stops with exit code 0', async () => {
    const { child, url, serving, output } = await startEntryScript({
      MLOPS_TRACKING_URI: server.url,
      MLOPS_TRACKING_TOKEN: token,
      MLOPS_MONITOR_WINDOW_SIZE: '200',
      MLOPS_MONITOR_REPORT_EVERY: 'rows:100',
    });
    expect(serving).toMatchObject({ model: 'drifting', version: version.version, monitoring: true });
    // Traffic five spreads away from the training data: a report after 100 rows, then 20 left open.
    const shifted = Array.from({ length: 50 }, (_, index) => [5 + (index % 10) / 10, 5 + ((index * 3) % 10) / 10]);
    for (let call = 0; call < 2; call++) expect((await predict(url, shifted)).status).toBe(200);
    expect((await predict(url, shifted.slice(0, 20))).status).toBe(200);

    let runs: Awaited<ReturnType<typeof monitoringRuns>> = [];
    let verdicts: number[] = [];
    for (let attempt = 0; attempt < 200 && verdicts.length === 0; attempt++) {
      runs = await monitoringRuns();
      if (runs[0]) verdicts = (await serverContext.evaluation.getMetricHistory(runs[0].id, 'drift.x1.verdict')).map((point) => point.value);
      if (verdicts.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(runs, output()).toHaveLength(1);
    expect(runs[0]!.tags).toMatchObject({ [monitoringRunTags.model]: 'drifting', [monitoringRunTags.version]: String(version.version) });
    expect(verdicts).toEqual([2]);
    const rows = await serverContext.evaluation.getMetricHistory(runs[0]!.id, 'drift.rows');
    expect(rows.map((point) => point.value)).toEqual([100]);

    // SIGTERM reports the open window (20 rows) before closing.
    expect(await stop(child)).toBe(0);
    const after = await serverContext.evaluation.getMetricHistory(runs[0]!.id, 'drift.rows');
    expect(after.map((point) => [point.step, point.value])).toEqual([[0, 100], [1, 20]]);
    expect(output()).toContain('drift verdict changed');
  }, 60_000);

  it('without MLOPS_TRACKING_URI serves as before and logs nothing to any server', async () => {
    const before = (await monitoringRuns()).length;
    const { child, url, serving } = await startEntryScript({ MLOPS_MONITOR_REPORT_EVERY: 'rows:1' });
    expect(serving).toMatchObject({ monitoring: false });
    const answer = await predict(url, [[1, 2]]);
    expect(await answer.json()).toEqual({ variable: [[2 - 2 + 0.5]] });
    expect(await stop(child)).toBe(0);
    expect(await monitoringRuns()).toHaveLength(before);
  }, 60_000);
});
