import { MLOpsError, type MLOpsContext } from '@mlops-ts/core';
import { buildServer } from './build-server.js';
import { resolveServerOptions, type TrackingServerOptions } from './server-options.js';

/** A running tracking server. */
export interface TrackingServer {
  /** The base URL, e.g. 'http://127.0.0.1:5000' (the API is under `/api/v1`). */
  readonly url: string;
  /** The port it listens on (the one picked when `port: 0` was given). */
  readonly port: number;
  /** Stops accepting connections, waits for requests in flight, and closes the context when `closeContext` was set. Safe to call twice. */
  close(): Promise<void>;
  /** Calls `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Serves an `MLOpsContext` over HTTP: its own API under `/api/v1` (OpenAPI document at
 * `/api/v1/openapi.json`), `/health` and `/metrics`. Build the context with
 * `captureRunContext: false`: runs are created for clients, whose run context they send.
 *
 * @throws MLOpsError INVALID_ARGUMENT for options that are not valid, or a non-loopback
 *   host without tokens; UNAVAILABLE when the port is taken or the address cannot be bound.
 * @example
 * await using mlops = await new MLOpsBuilder({ captureRunContext: false }).useSQLite('mlops.db').build();
 * const server = await createTrackingServer(mlops, { tokens: [{ name: 'ci', token: process.env.CI_TOKEN!, scope: 'write' }] });
 * console.log(`tracking on ${server.url}`);
 */
export async function createTrackingServer(mlops: MLOpsContext, options: TrackingServerOptions = {}): Promise<TrackingServer> {
  const resolved = resolveServerOptions(options);
  const app = await buildServer(mlops, resolved);
  try {
    await app.listen({ host: resolved.host, port: resolved.port });
  } catch (cause) {
    await app.close();
    const code = (cause as NodeJS.ErrnoException)?.code;
    throw new MLOpsError(
      'UNAVAILABLE',
      code === 'EADDRINUSE'
        ? `Port ${resolved.port} on ${resolved.host} is taken. Stop what listens there, or choose another port.`
        : `The server cannot listen on ${resolved.host}:${resolved.port} (${code ?? (cause as Error)?.message}). Check the host is an address of this machine.`,
      { cause },
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : resolved.port;
  const host = resolved.host.includes(':') && !resolved.host.startsWith('[') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      if (resolved.closeContext) await mlops.close();
    })());
  return { url: `http://${host}:${port}`, port, close, [Symbol.asyncDispose]: close };
}
