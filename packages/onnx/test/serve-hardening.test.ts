import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { MLOpsError } from '@mlops-ts/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { serve, type ModelServer } from '../src/index.js';
import { OnnxGraphBuilder } from '../src/export/onnx-graph-builder.js';
import { classifierModel, deployBytes, openTestContext, type TestContext } from './support/onnx-fixtures.js';

/** A raw TCP client: what it received, and a promise of the server closing the connection. */
function rawClient(server: ModelServer): { socket: Socket; received: () => string; closed: Promise<void> } {
  const socket = connect(server.port, '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  return { socket, received: () => text, closed: once(socket, 'close').then(() => undefined) };
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function dribble(socket: Socket, text: string, everyMs: number): void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= text.length) return clearInterval(timer);
    socket.write(text[index++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

/** A model whose session fails at run time on valid input: Reshape of [N] to a fixed [3]. */
function failingModel(): Uint8Array {
  const graph = new OnnxGraphBuilder('failing');
  graph.reserve('X', 'Y');
  graph.node('Reshape', ['X', graph.constant('three', 'int64', [1], [3])], ['Y']);
  return graph.build({ inputs: [{ name: 'X', elementType: 'float32', shape: ['N'] }], outputs: [{ name: 'Y', elementType: 'float32', shape: [3] }] });
}

const json = { 'content-type': 'application/json' };
const row = JSON.stringify({ X: [5.1, 3.5, 1.4, 0.2] });

describe('serve: slow and numerous clients', () => {
  let context: TestContext;
  let server: ModelServer;
  const logged: string[] = [];

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, classifierModel().bytes, { experiment: 'species', target: 'Production' });
    server = await serve(context.mlops, {
      experiment: 'species',
      target: 'Production',
      port: 0,
      pollIntervalMs: 0,
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      keepAliveTimeoutMs: 200,
      maxConnections: 3,
      logger: (message) => logged.push(message),
    });
  });
  afterAll(async () => {
    await server?.close();
    await context?.dispose();
  });

  it('closes a connection whose headers arrive slower than headersTimeoutMs, with 408', async () => {
    const client = rawClient(server);
    dribble(client.socket, `POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Padding: ${'a'.repeat(400)}\r\n\r\n`, 20);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection that sends nothing at all', async () => {
    const client = rawClient(server);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose body arrives slower than requestTimeoutMs, with 408', async () => {
    const client = rawClient(server);
    const body = JSON.stringify({ X: [5.1, 3.5, 1.4, 0.2], padding: 'a'.repeat(200) });
    client.socket.write(`POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    dribble(client.socket, body, 20);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    // A client cut off by the timeout is not a server failure.
    expect(logged).toEqual([]);
  });

  // The test's own timeout is the bound: Node's default keep-alive timeout would hold the socket for 5 s.
  it('closes an idle keep-alive connection after keepAliveTimeoutMs', { timeout: 4000 }, async () => {
    const client = rawClient(server);
    client.socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('closes connections past maxConnections at once, and serves again when one frees up', async () => {
    const holders = [rawClient(server), rawClient(server), rawClient(server)];
    await Promise.all(holders.map(({ socket }) => once(socket, 'connect')));
    const refused = rawClient(server);
    await refused.closed;
    expect(refused.received()).toBe('');
    for (const { socket } of holders) socket.destroy();
    await Promise.all(holders.map(({ closed }) => closed));
    await expect.poll(async () => (await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('refuses timeouts that Node cannot honour', async () => {
    await expect(serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).rejects.toSatisfy(
      (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && /headersTimeoutMs \(5000\)/.test(error.message),
    );
    await expect(serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, maxConnections: 0 })).rejects.toSatisfy((error: unknown) =>
      MLOpsError.hasCode(error, 'INVALID_ARGUMENT'),
    );
  });
});

describe('serve: what a client must send', () => {
  let context: TestContext;
  let server: ModelServer;
  const token = 'c0ffee-5ecret-t0ken';

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, classifierModel().bytes, { experiment: 'species', target: 'Production' });
    server = await serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, pollIntervalMs: 0, token });
  });
  afterAll(async () => {
    await server?.close();
    await context?.dispose();
  });

  const predict = (headers: Record<string, string>, body = row) => fetch(`${server.url}/predict`, { method: 'POST', body, headers });
  const bearer = { ...json, authorization: `Bearer ${token}` };

  it('answers 401 with WWW-Authenticate: Bearer without the token or with another one', async () => {
    const missing = await predict(json);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await missing.json()) as any).error.code).toBe('UNAUTHENTICATED');
    const wrong = await predict({ ...json, authorization: 'Bearer c0ffee-5ecret-t0kem' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect((await predict({ ...json, authorization: `Basic ${token}` })).status).toBe(401);
    expect((await predict({ ...json, authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await fetch(`${server.url}/metadata`)).status).toBe(401);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(401);
  });

  it('serves a request with the token, and /health without one', async () => {
    expect((await predict(bearer)).status).toBe(200);
    expect((await predict({ ...json, authorization: `bearer ${token}` })).status).toBe(200);
    expect((await fetch(`${server.url}/metadata`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('answers 415 to a POST not declared as UTF-8 JSON, or compressed', async () => {
    const refused: Record<string, string>[] = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ];
    for (const headers of refused) {
      const response = await predict({ ...headers, authorization: `Bearer ${token}` });
      expect(response.status, JSON.stringify(headers)).toBe(415);
      expect(((await response.json()) as any).error.message).toMatch(/application\/json|uncompressed/);
    }
    const untyped = await fetch(`${server.url}/predict`, { method: 'POST', body: new Blob([row]), headers: { authorization: `Bearer ${token}` } });
    expect(untyped.status).toBe(415);
    expect((await predict({ ...bearer, 'content-type': 'Application/JSON; charset=UTF-8' })).status).toBe(200);
  });

  it('takes the token from MLOPS_SERVE_TOKEN when the option is absent, and refuses an empty one', async () => {
    const saved = process.env.MLOPS_SERVE_TOKEN;
    process.env.MLOPS_SERVE_TOKEN = 'from-the-environment';
    try {
      const fromEnvironment = await serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, pollIntervalMs: 0 });
      try {
        const headers = { ...json, authorization: 'Bearer from-the-environment' };
        expect((await fetch(`${fromEnvironment.url}/predict`, { method: 'POST', body: row, headers: json })).status).toBe(401);
        expect((await fetch(`${fromEnvironment.url}/predict`, { method: 'POST', body: row, headers })).status).toBe(200);
      } finally {
        await fromEnvironment.close();
      }
      process.env.MLOPS_SERVE_TOKEN = '';
      await expect(serve(context.mlops, { experiment: 'species', target: 'Production', port: 0 })).rejects.toSatisfy(
        (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && /MLOPS_SERVE_TOKEN is empty/.test(error.message),
      );
      await expect(serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, token: 'two words' })).rejects.toSatisfy(
        (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && !error.message.includes('two words'),
      );
    } finally {
      if (saved === undefined) delete process.env.MLOPS_SERVE_TOKEN;
      else process.env.MLOPS_SERVE_TOKEN = saved;
    }
  });
});

describe('serve: what a client learns about the server', () => {
  let context: TestContext;
  let server: ModelServer;
  let failing: ModelServer | undefined;
  const logged: { message: string; error: unknown }[] = [];

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, classifierModel().bytes, { experiment: 'species', target: 'Production' });
    await deployBytes(context.mlops, failingModel(), { experiment: 'failing', target: 'Production' });
    server = await serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, pollIntervalMs: 0 });
  });
  afterEach(async () => {
    await failing?.close();
    failing = undefined;
  });
  afterAll(async () => {
    await server?.close();
    await context?.dispose();
  });

  it('answers a failure inside the runtime with "internal error" and the id of the log line holding the cause', async () => {
    failing = await serve(context.mlops, { experiment: 'failing', target: 'Production', port: 0, pollIntervalMs: 0, logger: (message, error) => logged.push({ message, error }) });
    const response = await fetch(`${failing.url}/predict`, { method: 'POST', body: JSON.stringify({ X: [1, 2] }), headers: json });
    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: { code: string; message: string; logId: string } };
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/^internal error/);
    expect(error.message).not.toMatch(/reshape/i);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.message).toContain(error.logId);
    expect(logged[0]!.message).toContain('POST /predict');
    expect(String(logged[0]!.error)).toMatch(/reshape/i);
  });

  it('keeps the model location out of /metadata unless exposeModelLocation is set', async () => {
    const text = await (await fetch(`${server.url}/metadata`)).text();
    expect(text).not.toContain(context.directory);
    expect(JSON.parse(text)).not.toHaveProperty('uri');
    expect(JSON.parse(text)).toMatchObject({ experiment: 'species', version: 1 });

    failing = await serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, pollIntervalMs: 0, exposeModelLocation: true });
    const exposed = (await (await fetch(`${failing.url}/metadata`)).json()) as { uri: string };
    expect(exposed.uri).toBe(server.predictor.info().uri);
  });

  it('answers 503 without naming the experiment or target', async () => {
    failing = await serve(context.mlops, { experiment: 'secret-project', target: 'Production', port: 0, pollIntervalMs: 0 });
    const response = await fetch(`${failing.url}/predict`, { method: 'POST', body: row, headers: json });
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain('secret-project');
  });
});
