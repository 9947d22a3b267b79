// A child process that starts tracking servers on demand, each a real @mlops-ts/server on
// 127.0.0.1 and a random port over a store of its own (a fresh SQLite file in a temporary
// folder, or a fresh schema on the test PostgreSQL server) and local files (or a prefix of
// its own on the test S3 server). The tests
// talk to it over HTTP only; creating a server here takes milliseconds, where a process per
// server would take a second, so every conformance test gets an empty server of its own.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { MLOpsBuilder, type MLOpsContext } from '@mlops-ts/core';
import '@mlops-ts/postgres';
import '@mlops-ts/s3';
import '@mlops-ts/sqlite';
import { createTrackingServer, type ServerToken, type TrackingServer, type TrackingServerOptions } from '@mlops-ts/server';

/** What POST /servers takes. */
export interface ServerRequest {
  store: 'sqlite' | 'postgres';
  /** Where the server keeps blobs: local files (default) or a prefix of its own on the test S3 server. */
  repository?: 'local' | 's3';
  tokens?: ServerToken[];
  limits?: TrackingServerOptions['limits'];
}

const servers = new Map<string, { server: TrackingServer; mlops: MLOpsContext; folder: string }>();
let schemaCount = 0;

async function startServer(request: ServerRequest): Promise<{ id: string; url: string }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-remote-server-'));
  const builder = new MLOpsBuilder({ captureRunContext: false });
  if (request.store === 'postgres') {
    const connectionString = process.env.MLOPS_TEST_POSTGRES_URL;
    if (!connectionString) throw new Error('This server host was started without MLOPS_TEST_POSTGRES_URL.');
    builder.usePostgres({ connectionString, schema: `remote_${process.pid}_${++schemaCount}`, max: 4 });
  } else {
    builder.useSQLite({ path: path.join(folder, 'mlops.db') });
  }
  if (request.repository === 's3') {
    const endpoint = process.env.MLOPS_TEST_S3_ENDPOINT;
    if (!endpoint) throw new Error('This server host was started without MLOPS_TEST_S3_ENDPOINT.');
    builder.useS3ModelRepository({
      bucket: process.env.MLOPS_TEST_S3_BUCKET!,
      prefix: `remote-${randomUUID()}`,
      endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  } else {
    builder.useLocalFileModelRepository(path.join(folder, 'models'));
  }
  const mlops = await builder.build();
  const server = await createTrackingServer(mlops, { port: 0, logger: false, tokens: request.tokens ?? [], ...(request.limits ? { limits: request.limits } : {}) });
  const id = randomUUID();
  servers.set(id, { server, mlops, folder });
  return { id, url: server.url };
}

async function stopServer(id: string): Promise<void> {
  const entry = servers.get(id);
  if (!entry) return;
  servers.delete(id);
  // A stop that hangs names its phase on stderr, so a hook timeout in the tests can be traced.
  const slow = (phase: string) => setTimeout(() => process.stderr.write(`server-host: ${phase} of ${entry.server.url} takes over 10 s\n`), 10_000).unref();
  let timer = slow('closing the server');
  await entry.server.close();
  clearTimeout(timer);
  timer = slow('closing the store');
  await entry.mlops.close();
  clearTimeout(timer);
  await rm(entry.folder, { recursive: true, force: true });
}

const control = http.createServer((request, response) => {
  let text = '';
  request.on('data', (chunk) => (text += String(chunk)));
  request.on('end', () => {
    const answer = async (): Promise<unknown> => {
      if (request.method === 'POST' && request.url === '/servers') return startServer(JSON.parse(text) as ServerRequest);
      const stopped = /^\/servers\/([\w-]+)$/.exec(request.url ?? '');
      if (request.method === 'DELETE' && stopped) return stopServer(stopped[1]!);
      throw new Error(`No control route ${request.method} ${request.url}`);
    };
    answer().then(
      (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? null)),
      (error: unknown) => response.writeHead(500).end(String((error as Error)?.stack ?? error)),
    );
  });
});

async function shutdown(): Promise<void> {
  control.close();
  await Promise.allSettled([...servers.keys()].map(stopServer));
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

control.listen(0, '127.0.0.1', () => {
  const { port } = control.address() as { port: number };
  process.stdout.write(`server-host listening on http://127.0.0.1:${port}\n`);
});
