import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MLOpsError } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadDeployedModel, monitoringRunTags, type DriftChange, type MonitorReport } from '../src/index.js';
import { openTestContext, type TestContext } from './support/onnx-fixtures.js';
import { data, deployWithTrainingData, features, shiftedRows } from './support/monitoring-fixtures.js';

/** A webhook receiver on 127.0.0.1 that keeps what it is sent. */
async function startWebhook(): Promise<{ url: string; received: DriftChange[]; server: Server }> {
  const received: DriftChange[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body) as DriftChange);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/drift`, received, server };
}

describe('a monitored predictor', () => {
  let context: TestContext;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;
  beforeAll(async () => {
    context = await openTestContext();
    await context.mlops.deployment.createDeploymentTarget('Production');
    webhook = await startWebhook();
  });
  afterAll(async () => {
    webhook?.server.close();
    await context?.dispose();
  });

  it('raises no alarm on in-distribution traffic, then flags shifted inputs and predictions, once, and logs both windows to the monitoring run', async () => {
    await deployWithTrainingData(context, 'species', { dataSet: 'train', features, label: 'species' });
    const changes: DriftChange[] = [];
    const reports: MonitorReport[] = [];
    const predictor = await loadDeployedModel(context.mlops, {
      model: 'species',
      target: 'Production',
      pollIntervalMs: 0,
      monitor: { windowSize: 300, reportEvery: { rows: 300 }, webhook: webhook.url, onReport: (report) => reports.push(report) },
    });
    predictor.onDrift((change) => changes.push(change));

    // In distribution: the held-out rows of the same blobs, one call each and in batches.
    for (const row of data.testX.slice(0, 100)) await predictor.predict({ X: row });
    await predictor.predictBatch(data.testX.slice(100, 300).map((row) => ({ X: row })));
    const calm = (await predictor.monitor!.report()) ?? reports[0]!;
    expect(calm.sampledRows).toBe(300);
    expect(calm.columns.map((column) => column.column).sort()).toEqual([...features, 'species'].sort());
    expect(calm.columns.filter((column) => column.verdict === 'drift')).toEqual([]);
    expect(changes).toEqual([]);

    // Shifted: every feature moved by three spreads, so the predicted species change too.
    await predictor.predict({ X: shiftedRows() });
    await predictor.monitor!.report();
    const shifted = reports.at(-1)!;
    expect(shifted.verdict).toBe('drift');
    expect(shifted.driftedColumns).toEqual(expect.arrayContaining(features));
    expect(changes).toHaveLength(1);
    expect(changes[0]!.changes.filter((change) => change.to === 'drift').map((change) => change.column)).toEqual(expect.arrayContaining(features));
    expect(webhook.received.map((change) => change.step)).toEqual([changes[0]!.step]);

    // Another window of the same shift changes no verdict: no second alarm.
    await predictor.predict({ X: shiftedRows() });
    await predictor.monitor!.report();
    expect(changes).toHaveLength(1);
    await predictor.close();

    const runId = calm.monitoringRunId;
    const run = await context.mlops.lifecycle.getRun(runId);
    expect(run.tags).toMatchObject({ [monitoringRunTags.model]: 'species', [monitoringRunTags.version]: '1', [monitoringRunTags.target]: 'Production' });
    const history = await context.mlops.evaluation.getMetricHistory(runId, 'drift.f0.psi');
    expect(history.map((point) => point.step)).toEqual([0, 1, 2]);
    expect(history[0]!.value).toBeLessThan(0.25);
    expect(history[1]!.value).toBeGreaterThan(0.25);
    const found = await context.mlops.lifecycle.searchRuns({ experiment: 'species', filter: 'metrics.drift.verdict >= 2' });
    expect(found.runs.map((candidate) => candidate.id)).toEqual([runId]);
  });

  it('continues the same monitoring run after a restart, at the next step', async () => {
    const predictor = await loadDeployedModel(context.mlops, { model: 'species', target: 'Production', pollIntervalMs: 0, monitor: { reportEvery: { rows: 50 } } });
    await predictor.predict({ X: data.testX.slice(0, 50) });
    const report = await predictor.monitor!.report();
    await predictor.close();
    const previous = await context.mlops.lifecycle.searchRuns({ experiment: 'species', filter: `tags.\`${monitoringRunTags.target}\` = 'Production'` });
    expect(previous.runs).toHaveLength(1);
    expect(report ?? predictor.monitor!.latestReport).toMatchObject({ monitoringRunId: previous.runs[0]!.id, step: 3 });
  });

  it('monitors only the predictions of a model whose inputs cannot be mapped, against the first window, and says so', async () => {
    await deployWithTrainingData(context, 'unmapped', {});
    const predictor = await loadDeployedModel(context.mlops, { model: 'unmapped', target: 'Production', pollIntervalMs: 0, monitor: { reportEvery: { rows: 10_000 } } });
    await predictor.predict({ X: data.testX.slice(0, 200) });
    const first = (await predictor.monitor!.report())!;
    expect(first.columns).toEqual([]);
    expect(first.notes.join(' ')).toMatch(/inputs \('X'\) cannot be mapped .* \{ features: \[\.\.\.\] \}/);
    expect(first.notes.join(' ')).toMatch(/output\.label became the baseline/);
    await predictor.predict({ X: shiftedRows(200) });
    const second = (await predictor.monitor!.report())!;
    expect(second.columns.map((column) => [column.column, column.verdict])).toEqual([['output.label', 'drift']]);
    await predictor.close();
  });

  it('names what to log when the version’s run has no training data set', async () => {
    await deployWithTrainingData(context, 'no-data', { features }, false);
    const predictor = await loadDeployedModel(context.mlops, { model: 'no-data', target: 'Production', pollIntervalMs: 0, monitor: {} });
    await predictor.predict({ X: data.testX.slice(0, 20) });
    const report = (await predictor.monitor!.report())!;
    expect(report.notes.join(' ')).toMatch(/has no data set named 'train': log it with data\.logData\(runId, rows, \{ name: 'train' \}\)/);
    await predictor.close();
  });

  it('refuses bad monitor options before loading, and onDrift without a monitor', async () => {
    for (const monitor of [{ sampleRate: 0 }, { windowSize: 0 }, { reportEvery: 1 }, { reportEvery: { rows: 0 } }, { webhook: 'ftp://x' }]) {
      await expect(loadDeployedModel(context.mlops, { model: 'species', target: 'Production', monitor })).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT'));
    }
    const predictor = await loadDeployedModel(context.mlops, { model: 'species', target: 'Production', pollIntervalMs: 0 });
    expect(() => predictor.onDrift(() => undefined)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    await predictor.close();
  });
});
