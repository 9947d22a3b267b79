import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

import { driftVerdictValues } from '@mlops-ts/core';
import type { DeployedModelPredictor } from '../predictor/deployed-model-predictor.js';
import type { ServingPredictor } from '../serving/route-request.js';

/** Routes named in labels; anything else counts as 'other', so clients cannot grow the label set. */
const knownRoutes = new Set(['/predict', '/health', '/metadata', '/metrics']);

/** What the metrics read: what serves, and for a predictor following a target its reloads and drift monitor. */
type MeasuredPredictor = ServingPredictor & Partial<Pick<DeployedModelPredictor, 'on' | 'monitor'>>;

/**
 * A model server's Prometheus metrics (prom-client, a registry of its own per server):
 * requests by route and status, request latency, the version served, reloads, and the latest
 * drift scores of its monitor. Scraped at `GET /metrics` in the text format.
 */
export class ServeMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'status'>;
  readonly #duration: Histogram<'route'>;

  constructor(served: ServingPredictor) {
    const predictor = served as MeasuredPredictor;
    const registers = [this.registry];
    this.#requests = new Counter({ name: 'mlops_serve_requests_total', help: 'HTTP requests answered, by route and status code.', labelNames: ['route', 'status'], registers });
    this.#duration = new Histogram({
      name: 'mlops_serve_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by route.',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    const reloads = new Counter({ name: 'mlops_serve_model_reloads_total', help: 'Models swapped in, the first load included.', registers });
    const reloadErrors = new Counter({ name: 'mlops_serve_model_reload_errors_total', help: 'Deployments that could not be loaded, and failed polls.', registers });
    // The server loads its predictor before it counts: a model already serving was its first load.
    if (predictor.isReady) reloads.inc();
    predictor.on?.('reload', () => reloads.inc());
    predictor.on?.('reloadError', () => reloadErrors.inc());
    new Gauge({
      name: 'mlops_serve_model_version',
      help: 'The registered model version served (0 while none is loaded).',
      labelNames: ['model', 'target'],
      registers,
      collect() {
        this.reset();
        if (!predictor.isReady) return;
        const info = predictor.info() as { version: number | null; model?: string; target?: string | null };
        this.set({ model: info.model ?? '', target: info.target ?? '' }, info.version ?? 0);
      },
    });
    const latest = () => predictor.monitor?.latestReport;
    const driftGauge = (name: string, help: string, read: (column: NonNullable<ReturnType<typeof latest>>['columns'][number]) => number | null | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['model', 'version', 'column'],
        registers,
        collect() {
          this.reset();
          const report = latest();
          if (!report) return;
          for (const column of report.columns) {
            const value = read(column);
            if (typeof value === 'number') this.set({ model: report.model, version: String(report.version), column: column.column }, value);
          }
        },
      });
    driftGauge('mlops_drift_psi', 'Population stability index of the latest drift report, per column.', (column) => column.psi);
    driftGauge('mlops_drift_p_value', 'p-value (Kolmogorov–Smirnov or chi-square) of the latest drift report, per column.', (column) => column.pValue);
    driftGauge('mlops_drift_js_distance', 'Jensen–Shannon distance of the latest drift report, per column.', (column) => column.jensenShannonDistance);
    driftGauge('mlops_drift_verdict', 'Verdict of the latest drift report, per column: 0 stable, 1 warning, 2 drift.', (column) =>
      column.verdict === 'no-data' ? undefined : driftVerdictValues[column.verdict],
    );
    new Gauge({
      name: 'mlops_drift_report_step',
      help: 'Step of the latest drift report in its monitoring run (absent before the first).',
      labelNames: ['model', 'version'],
      registers,
      collect() {
        this.reset();
        const report = latest();
        if (report) this.set({ model: report.model, version: String(report.version) }, report.step);
      },
    });
  }

  /** Counts a request and its latency once its answer is sent (or the connection closes). */
  track(request: IncomingMessage, response: ServerResponse): void {
    const started = process.hrtime.bigint();
    response.once('close', () => {
      const path = (request.url ?? '/').split('?', 1)[0]!;
      const route = knownRoutes.has(path) ? path : 'other';
      this.#requests.inc({ route, status: String(response.statusCode) });
      this.#duration.observe({ route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
  }

  /** Answers `GET /metrics` in the Prometheus text format. */
  async send(response: ServerResponse, headers: Record<string, string>): Promise<void> {
    const body = await this.registry.metrics();
    response.writeHead(200, { 'content-type': this.registry.contentType, 'content-length': Buffer.byteLength(body), ...headers });
    response.end(body);
  }
}
