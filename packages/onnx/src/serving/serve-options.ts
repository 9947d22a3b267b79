import { MLOpsError } from '@mlops-ts/core';

import type { LoadDeployedModelOptions } from '../predictor/deployed-model-predictor.js';
import { resolveServeToken } from './bearer-token.js';

/** Options of `serve()`. */
export interface ServeOptions extends Omit<LoadDeployedModelOptions, 'allowEmpty'> {
  /** TCP port; 0 picks a free one (read it from the result). */
  port: number;
  /** Interface to bind. Default '127.0.0.1' (this machine only); '0.0.0.0' or '::' to accept other machines. */
  host?: string;
  /** Largest accepted request body, in bytes; larger ones get 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** How long `close()` waits for in-flight requests before cutting connections, in milliseconds. Default 10000. */
  shutdownTimeoutMs?: number;
  /**
   * How long a client may take to send a request's headers, from when it connects or starts
   * the request, in milliseconds; the server then answers 408 and closes the connection.
   * At most `requestTimeoutMs`. Default 10000.
   */
  headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, headers and body, in milliseconds (408 and closed after). Default 30000. */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open between requests, in milliseconds. Default 5000. */
  keepAliveTimeoutMs?: number;
  /** Most connections open at once; the server closes further ones as they arrive. Default 512. */
  maxConnections?: number;
  /**
   * A secret every request but `GET /health` must carry as `Authorization: Bearer <token>`
   * (401 otherwise). Default: the `MLOPS_SERVE_TOKEN` environment variable; unset, no token is asked.
   */
  token?: string;
  /** Show where the model is stored (`uri`: a path, bucket or container) in `GET /metadata`. Default false. */
  exposeModelLocation?: boolean;
  /**
   * Answer `GET /metrics` in the Prometheus text format (requests, latency, version served,
   * reloads, latest drift scores), behind the token like every route but `/health`. Default true.
   */
  metrics?: boolean;
  /**
   * Receives every failure answered with 500, with a message that holds the log id the
   * client was given. Default: `console.error`.
   */
  logger?: (message: string, error: unknown) => void;
}

/** Every option of {@link ServeOptions} that `serve()` itself uses, checked and with defaults. */
export interface ResolvedServeOptions {
  port: number;
  host: string;
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  token: string | undefined;
  exposeModelLocation: boolean;
  metrics: boolean;
  logger: (message: string, error: unknown) => void;
}

export const serveDefaults = {
  host: '127.0.0.1',
  bodyLimitBytes: 1024 * 1024,
  shutdownTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
} as const;

function positiveInteger(name: string, value: number, example: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `${name} is ${String(value)}. Pass a positive whole number, e.g. ${example}.`);
  }
  return value;
}

/**
 * Checks `serve()`'s options and fills in the defaults.
 * @throws MLOpsError `INVALID_ARGUMENT` naming the option at fault.
 */
export function resolveServeOptions(options: ServeOptions): ResolvedServeOptions {
  const { port } = options ?? ({} as ServeOptions);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MLOpsError('INVALID_ARGUMENT', `Port ${String(port)} is not a TCP port. Pass a whole number from 0 to 65535 (0 picks a free port).`);
  }
  const resolved: ResolvedServeOptions = {
    port,
    host: options.host ?? serveDefaults.host,
    bodyLimitBytes: positiveInteger('bodyLimitBytes', options.bodyLimitBytes ?? serveDefaults.bodyLimitBytes, '1048576 bytes'),
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? serveDefaults.shutdownTimeoutMs,
    headersTimeoutMs: positiveInteger('headersTimeoutMs', options.headersTimeoutMs ?? serveDefaults.headersTimeoutMs, '10000 milliseconds'),
    requestTimeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? serveDefaults.requestTimeoutMs, '30000 milliseconds'),
    keepAliveTimeoutMs: positiveInteger('keepAliveTimeoutMs', options.keepAliveTimeoutMs ?? serveDefaults.keepAliveTimeoutMs, '5000 milliseconds'),
    maxConnections: positiveInteger('maxConnections', options.maxConnections ?? serveDefaults.maxConnections, '512'),
    token: resolveServeToken(options.token),
    exposeModelLocation: options.exposeModelLocation === true,
    metrics: options.metrics !== false,
    logger: options.logger ?? ((message, error) => console.error(message, error)),
  };
  if (resolved.headersTimeoutMs > resolved.requestTimeoutMs) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `headersTimeoutMs (${resolved.headersTimeoutMs}) is longer than requestTimeoutMs (${resolved.requestTimeoutMs}), which also covers the headers. Make headersTimeoutMs at most requestTimeoutMs.`,
    );
  }
  return resolved;
}
