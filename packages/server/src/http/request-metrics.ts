import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one server: requests by method, route and status, and their
 * latency. Routes are labelled by their template (`/api/v1/runs/:runId`), never by the
 * raw URL, so ids do not multiply the series; requests that match no route count as
 * 'unmatched'.
 */
export class RequestMetrics {
  /** The server's own registry (not prom-client's global one), so servers in one process stay apart. */
  readonly registry = new Registry();
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route' | 'status'>;

  constructor(options: { collectProcessMetrics: boolean }) {
    this.#requests = new Counter({
      name: 'mlops_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.#duration = new Histogram({
      name: 'mlops_http_request_duration_seconds',
      help: 'Time from receiving a request to finishing its answer, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts every answered request of `app`. */
  observe(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      };
      this.#requests.inc(labels);
      this.#duration.observe(labels, reply.elapsedTime / 1000);
    });
  }

  /** The text format Prometheus scrapes. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
