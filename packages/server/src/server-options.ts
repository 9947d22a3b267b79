import { isIP } from 'node:net';
import { MLOpsError } from '@mlops-ts/core';
import type { ServerToken } from './http/bearer-tokens.js';

const mebibyte = 1024 * 1024;

/** How much a request may carry, in bytes. */
export interface RequestLimits {
  /** JSON bodies of most routes. Default 1 MiB. */
  jsonBodyBytes?: number;
  /** JSON bodies of batch routes (metric batches, data sets with distributions). Default 32 MiB. */
  batchBodyBytes?: number;
  /** A blob upload, streamed (never held in memory). Default 64 GiB. */
  blobBytes?: number;
}

/** How long the server waits, in milliseconds. */
export interface ServerTimeouts {
  /** For a whole request to arrive, a blob upload included (Node's `requestTimeout`). Default 3,600,000 (one hour). */
  requestMs?: number;
  /** For the request's headers (Node's `headersTimeout`). Default 30,000. */
  headersMs?: number;
  /** A socket with no traffic at all is closed after this long (Fastify's `connectionTimeout`). Default 120,000. */
  idleMs?: number;
  /** An idle kept-alive connection is closed after this long. Default 72,000. */
  keepAliveMs?: number;
  /** `/health` answers 'unavailable' for a store or repository that takes longer. Default 5,000. */
  healthCheckMs?: number;
}

/** Options of `createTrackingServer`. */
export interface TrackingServerOptions {
  /** The address to listen on. Default '127.0.0.1' (this machine only); give '0.0.0.0' or '::' to serve the network. */
  host?: string;
  /** The port. Default 5000; 0 picks a free one (read it from the returned `port`). */
  port?: number;
  /**
   * Bearer tokens the server accepts, each with a name and a scope. Without tokens the
   * server is open to whoever reaches it, so it then refuses to listen beyond loopback
   * unless `allowUnauthenticated` is true.
   */
  tokens?: readonly ServerToken[];
  /** Serve a non-loopback `host` without tokens. Default false. */
  allowUnauthenticated?: boolean;
  /** Request size limits. */
  limits?: RequestLimits;
  /** Timeouts. */
  timeouts?: ServerTimeouts;
  /**
   * Fastify's logger: false for none, true for `info` JSON lines on standard output, or
   * pino options. Default `{ level: 'warn' }` (server faults and warnings only).
   */
  logger?: boolean | Record<string, unknown>;
  /** Add Node.js process metrics (memory, event loop, GC) to `/metrics`. Default true. */
  collectProcessMetrics?: boolean;
  /** Also close the context (store and repository connections) on `close()`. Default false: the caller owns it. */
  closeContext?: boolean;
  /**
   * Serve the web UI at `/` beside the API: `true` for @mlops-ts/ui (an optional peer:
   * install it beside the server), or `{ root }`, a folder of built UI files. Default false.
   */
  ui?: boolean | { root: string };
}

/** The options with every default filled in. */
export interface ResolvedServerOptions {
  host: string;
  port: number;
  tokens: readonly ServerToken[];
  limits: Required<RequestLimits>;
  timeouts: Required<ServerTimeouts>;
  logger: boolean | Record<string, unknown>;
  collectProcessMetrics: boolean;
  closeContext: boolean;
  ui: boolean | { root: string };
}

/** Fills in defaults and refuses options that would make an unsafe or broken server. */
export function resolveServerOptions(options: TrackingServerOptions): ResolvedServerOptions {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 5000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new MLOpsError('INVALID_ARGUMENT', `The port ${JSON.stringify(port)} is not a whole number from 0 to 65535. Give a free port such as 5000, or 0 for any free one.`);
  }
  const tokens = options.tokens ?? [];
  if (tokens.length === 0 && !isLoopback(host) && options.allowUnauthenticated !== true) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The server would listen on '${host}' without tokens, so anyone who reaches it could change or delete every run and model. Configure tokens, or pass allowUnauthenticated: true (--allow-unauthenticated) for a trusted network.`,
    );
  }
  return {
    host,
    port,
    tokens,
    limits: {
      jsonBodyBytes: positive('limits.jsonBodyBytes', options.limits?.jsonBodyBytes, mebibyte),
      batchBodyBytes: positive('limits.batchBodyBytes', options.limits?.batchBodyBytes, 32 * mebibyte),
      blobBytes: positive('limits.blobBytes', options.limits?.blobBytes, 64 * 1024 * mebibyte),
    },
    timeouts: {
      requestMs: positive('timeouts.requestMs', options.timeouts?.requestMs, 3_600_000),
      headersMs: positive('timeouts.headersMs', options.timeouts?.headersMs, 30_000),
      idleMs: positive('timeouts.idleMs', options.timeouts?.idleMs, 120_000),
      keepAliveMs: positive('timeouts.keepAliveMs', options.timeouts?.keepAliveMs, 72_000),
      healthCheckMs: positive('timeouts.healthCheckMs', options.timeouts?.healthCheckMs, 5_000),
    },
    logger: options.logger ?? { level: 'warn' },
    collectProcessMetrics: options.collectProcessMetrics ?? true,
    closeContext: options.closeContext ?? false,
    ui: checkUi(options.ui),
  };
}

function checkUi(ui: TrackingServerOptions['ui']): boolean | { root: string } {
  if (ui === undefined) return false;
  if (typeof ui === 'boolean' || (typeof ui === 'object' && ui !== null && typeof ui.root === 'string' && ui.root.length > 0)) return ui;
  throw new MLOpsError('INVALID_ARGUMENT', `The option ui is ${JSON.stringify(ui)}. Give true to serve @mlops-ts/ui, or { root: '<folder of a built UI>' }.`);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new MLOpsError('INVALID_ARGUMENT', `The option ${name} is ${JSON.stringify(value)}. Give a whole number of at least 1.`);
  }
  return value;
}

/** Whether `host` only reaches this machine. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}
