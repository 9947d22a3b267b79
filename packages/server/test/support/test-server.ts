import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import '@mlops-ts/sqlite';
import { createTrackingServer, type ServerToken, type TrackingServer, type TrackingServerOptions } from '../../src/index.js';

/** Tokens the tests use: one that writes, one that only reads. */
export const testTokens = {
  writer: { name: 'ci-writer', token: 'writer-token-0123456789abcdef', scope: 'write' },
  reader: { name: 'dashboard', token: 'reader-token-0123456789abcdef', scope: 'read' },
} as const satisfies Record<string, ServerToken>;

/** A server over SQLite and local files in a temporary folder, on 127.0.0.1 and a free port. */
export interface TestServer {
  server: TrackingServer;
  mlops: MLOpsContext;
  folder: string;
  /** Calls the server with the writer's token unless `token` says otherwise (null: no Authorization header). */
  request(method: string, url: string, init?: { body?: unknown; token?: string | null; headers?: Record<string, string>; rawBody?: string | Buffer | ReadableStream<Uint8Array> }): Promise<Response>;
  /** `request` and the JSON body of its answer. */
  json<T = any>(method: string, url: string, init?: { body?: unknown; token?: string | null }): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startTestServer(options: TrackingServerOptions = {}): Promise<TestServer> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-server-'));
  const mlops = await new MLOpsBuilder({ captureRunContext: false })
    .useSQLite({ path: path.join(folder, 'mlops.db') })
    .useLocalFileModelRepository(path.join(folder, 'models'))
    .build();
  const server = await createTrackingServer(mlops, { port: 0, logger: false, tokens: [testTokens.writer, testTokens.reader], ...options });
  const request: TestServer['request'] = (method, url, init = {}) => {
    const token = init.token === undefined ? testTokens.writer.token : init.token;
    const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...init.headers };
    let body: unknown = init.rawBody;
    if (init.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    return fetch(`${server.url}${url}`, { method, headers, ...(body === undefined ? {} : { body, duplex: 'half' }) } as RequestInit);
  };
  return {
    server,
    mlops,
    folder,
    request,
    async json(method, url, init) {
      const response = await request(method, url, init);
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    async stop() {
      await server.close();
      await mlops.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
