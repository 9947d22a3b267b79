import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { serve, type ModelServer } from '../src/index.js';
import { openTestContext, type TestContext } from './support/onnx-fixtures.js';
import { data, deployWithTrainingData, features, shiftedRows } from './support/monitoring-fixtures.js';
import { prometheusBinary, startPrometheus, type PrometheusServer } from './support/prometheus-server.js';

const token = 'metrics-test-token';

async function predict(server: ModelServer, X: number[][]): Promise<number> {
  const response = await fetch(`${server.url}/predict`, { method: 'POST', body: JSON.stringify({ X }), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

describe('serve: /metrics', () => {
  let context: TestContext;
  let server: ModelServer;
  beforeAll(async () => {
    context = await openTestContext();
    await context.mlops.deployment.createDeploymentTarget('Production');
    await deployWithTrainingData(context, 'species', { features, label: 'species' });
    server = await serve(context.mlops, { model: 'species', target: 'Production', port: 0, token, pollIntervalMs: 0, monitor: { reportEvery: { rows: 100_000 } } });
  });
  afterAll(async () => {
    await server?.close();
    await context?.dispose();
  });

  it('answers the Prometheus text format behind the token: requests by status, latency, version, reloads and drift scores', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect(await predict(server, data.testX.slice(0, 50))).toBe(200);
    expect(await predict(server, [[1, 2, 3]])).toBe(400);
    await server.predictor.monitor!.report();
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^mlops_serve_requests_total\{route="\/predict",status="200"\} 1$/m);
    expect(text).toMatch(/^mlops_serve_requests_total\{route="\/predict",status="400"\} 1$/m);
    expect(text).toMatch(/^mlops_serve_requests_total\{route="\/metrics",status="401"\} 1$/m);
    expect(text).toMatch(/^mlops_serve_request_duration_seconds_count\{route="\/predict"\} 2$/m);
    expect(text).toMatch(/^mlops_serve_model_version\{model="species",target="Production"\} 1$/m);
    expect(text).toMatch(/^mlops_serve_model_reloads_total 1$/m);
    expect(text).toMatch(/^mlops_drift_psi\{model="species",version="1",column="f0"\} [\d.e-]+$/m);
    expect(text).toMatch(/^mlops_drift_verdict\{model="species",version="1",column="species"\} [012]$/m);
  });

  it('is a 404 like any unknown path with metrics: false', async () => {
    const plain = await serve(context.mlops, { model: 'species', target: 'Production', port: 0, token, pollIntervalMs: 0, metrics: false });
    try {
      const response = await fetch(`${plain.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

// A real scraper: Debian's prometheus package (see the README's test notes). Without it the suite is skipped, saying so.
describe.skipIf(!prometheusBinary)('serve: /metrics scraped by a real Prometheus every second', () => {
  let context: TestContext;
  let server: ModelServer;
  let prometheus: PrometheusServer;
  beforeAll(async () => {
    context = await openTestContext();
    await context.mlops.deployment.createDeploymentTarget('Production');
    await deployWithTrainingData(context, 'species', { features, label: 'species' });
    server = await serve(context.mlops, { model: 'species', target: 'Production', port: 0, token, pollIntervalMs: 0, monitor: { reportEvery: { rows: 100_000 } } });
    prometheus = await startPrometheus(`127.0.0.1:${server.port}`, token);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await server?.close();
    await context?.dispose();
  });

  it('holds the request counter and a drift gauge after traffic', async () => {
    for (let call = 0; call < 5; call++) expect(await predict(server, shiftedRows(60))).toBe(200);
    await server.predictor.monitor!.report();
    const deadline = Date.now() + 20_000;
    let requests: Awaited<ReturnType<PrometheusServer['query']>> = [];
    let drift: typeof requests = [];
    // Wait for the scrapes that follow the traffic (one a second), not for a fixed time.
    while (Date.now() < deadline) {
      requests = await prometheus.query('mlops_serve_requests_total{route="/predict",status="200"}');
      drift = await prometheus.query('mlops_drift_verdict{column="f0"}');
      if (Number(requests[0]?.value[1]) === 5 && drift.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(requests).toHaveLength(1);
    expect(requests[0]!.metric).toMatchObject({ job: 'model-server', route: '/predict', status: '200' });
    expect(Number(requests[0]!.value[1])).toBe(5);
    expect(drift[0]!.metric).toMatchObject({ model: 'species', version: '1', column: 'f0' });
    expect(Number(drift[0]!.value[1])).toBe(2);
    const psi = await prometheus.query('mlops_drift_psi{column="f0"} > 0.25');
    expect(psi).toHaveLength(1);
  }, 40_000);
});

if (!prometheusBinary) console.warn('SKIPPED: the real-Prometheus scrape test needs the prometheus binary (apt-get install prometheus).');
