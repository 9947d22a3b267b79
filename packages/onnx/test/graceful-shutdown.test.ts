import { once } from 'node:events';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { MLOpsError } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { serve, type ModelServer } from '../src/index.js';
import { classifierModel, deployBytes, openTestContext, type TestContext } from './support/onnx-fixtures.js';

describe('serve: graceful shutdown', () => {
  let context: TestContext;
  let server: ModelServer;

  beforeEach(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, classifierModel().bytes, { experiment: 'species', target: 'Production' });
    server = await serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, pollIntervalMs: 0, shutdownTimeoutMs: 60_000 });
  });
  afterEach(async () => {
    await server.close();
    await context.dispose();
  });

  it('finishes a request in flight, refuses new connections, then releases the model', async () => {
    const body = JSON.stringify({ X: [5.1, 3.5, 1.4, 0.2] });
    const inFlight = httpRequest(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const received = once(server.server, 'request');
    inFlight.write(body.slice(0, 10));
    await received;

    const closed = server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();

    inFlight.end(body.slice(10));
    const [response] = (await once(inFlight, 'response')) as [IncomingMessage];
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(Buffer.concat(chunks).toString()).label).toBeTypeOf('string');

    await closed;
    expect(server.server.listening).toBe(false);
    await expect(server.predictor.predict({ X: [1, 2, 3, 4] })).rejects.toSatisfy((error: unknown) => MLOpsError.hasCode(error, 'UNAVAILABLE'));
  });

  it('does not wait for idle keep-alive connections', async () => {
    const agent = new Agent({ keepAlive: true });
    const request = httpRequest(`${server.url}/health`, { agent });
    request.end();
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    response.resume();
    await once(response, 'end');
    const socketClosed = once(request.socket!, 'close');
    // shutdownTimeoutMs is 60 s: close() must not need it when no request is in flight.
    await server.close();
    await socketClosed;
    agent.destroy();
  }, 10_000);
});
