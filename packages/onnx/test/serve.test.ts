import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { MLOpsError } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { serve, type ModelServer } from '../src/index.js';
import { classifierModel, deployBytes, openTestContext, speciesLabels, type TestContext } from './support/onnx-fixtures.js';

async function post(server: ModelServer, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${server.url}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('serve: a deployed classifier over HTTP', () => {
  let context: TestContext;
  let server: ModelServer;
  const fixture = classifierModel();

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, fixture.bytes, { experiment: 'species', target: 'Production' });
    server = await serve(context.mlops, { experiment: 'species', target: 'Production', port: 0, bodyLimitBytes: 2048, pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await context?.dispose();
  });

  it('listens on 127.0.0.1 on the free port it picked', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('POST /predict answers one row with its label and probabilities, as predict() does', async () => {
    const row = fixture.rows[0]!;
    const { status, body, headers } = await post(server, JSON.stringify({ X: row }));
    expect(status).toBe(200);
    expect(headers.get('x-model-version')).toBe('1');
    expect(body).toEqual(await server.predictor.predict({ X: row }));
    expect(speciesLabels).toContain(body.label);
  });

  it('POST /predict with instances answers one prediction per row', async () => {
    const rows = fixture.rows.slice(0, 3);
    const { status, body } = await post(server, JSON.stringify({ instances: rows.map((row) => ({ X: row })) }));
    expect(status).toBe(200);
    expect(body.predictions).toHaveLength(3);
    expect(body.predictions).toEqual(await server.predictor.predictBatch(rows.map((row) => ({ X: row }))));
  });

  it('answers 400 with a JSON error for malformed JSON, a non-object body and a signature mismatch', async () => {
    const malformed = await post(server, '{"X": [1, 2,');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_ARGUMENT');
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    expect((await post(server, '[1, 2]')).status).toBe(400);
    expect((await post(server, '')).body.error.message).toMatch(/empty/);
    const mismatch = await post(server, JSON.stringify({ X: [1, 2, 3] }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toMatch(/Input 'X' has shape \[3\], but the model expects \[N, 4\]/);
    const badInstances = await post(server, JSON.stringify({ instances: [{ X: [1, 2, 3, 4] }, { Y: [1] }] }));
    expect(badInstances.status).toBe(400);
    expect(badInstances.body.error.message).toMatch(/Row 1 lacks input 'X'/);
  });

  it('answers 413 above the body limit, whether announced by content-length or sent chunked', async () => {
    const big = JSON.stringify({ instances: Array.from({ length: 100 }, () => ({ X: [1.25, 2.5, 3.75, 4.125] })) });
    expect(big.length).toBeGreaterThan(2048);
    const announced = await post(server, big);
    expect(announced.status).toBe(413);
    expect(announced.body.error.message).toMatch(/larger than 2048 bytes/);

    const chunked = httpRequest(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    chunked.write(big.slice(0, 1500));
    chunked.end(big.slice(1500));
    const [response] = (await once(chunked, 'response')) as [import('node:http').IncomingMessage];
    expect(response.statusCode).toBe(413);
    response.resume();
  });

  it('answers 413 while a client is still streaming an oversized body, without resetting the connection first', async () => {
    const streaming = httpRequest(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    const responded = once(streaming, 'response');
    streaming.write(`{"instances": [${'{"X": [1, 2, 3, 4]},'.repeat(200)}`);
    const [response] = (await responded) as [import('node:http').IncomingMessage];
    expect(response.statusCode).toBe(413);
    expect(response.headers.connection).toBe('close');
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString()).error.code).toBe('PAYLOAD_TOO_LARGE');
    streaming.destroy();
  });

  it('GET /health and GET /metadata describe the served model; unknown paths and methods get 404 and 405', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: 1 });
    const metadata = (await (await fetch(`${server.url}/metadata`)).json()) as any;
    expect(metadata).toMatchObject({ experiment: 'species', target: 'Production', version: 1 });
    expect(metadata.signature.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['N', 4] }]);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    const wrongMethod = await fetch(`${server.url}/predict`);
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as any).error.code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('serve: before anything is deployed', () => {
  let context: TestContext;
  let server: ModelServer;

  beforeAll(async () => {
    context = await openTestContext();
    server = await serve(context.mlops, { experiment: 'later', target: 'Production', port: 0, pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await context?.dispose();
  });

  it('answers 503 until a model is deployed, then serves it', async () => {
    const before = await post(server, JSON.stringify({ X: [1, 2, 3, 4] }));
    expect(before.status).toBe(503);
    expect(before.headers.get('retry-after')).toBe('1');
    expect(before.body.error.code).toBe('UNAVAILABLE');
    expect((await fetch(`${server.url}/health`)).status).toBe(503);
    expect((await fetch(`${server.url}/metadata`)).status).toBe(503);

    await deployBytes(context.mlops, classifierModel().bytes, { experiment: 'later', target: 'Production' });
    await server.predictor.refresh();
    expect((await post(server, JSON.stringify({ X: [1, 2, 3, 4] }))).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('refuses a port in use with UNAVAILABLE, and bad options with INVALID_ARGUMENT', async () => {
    await expect(serve(context.mlops, { experiment: 'later', target: 'Production', port: server.port })).rejects.toSatisfy(
      (error: unknown) => MLOpsError.hasCode(error, 'UNAVAILABLE') && /Cannot listen on 127\.0\.0\.1/.test(error.message),
    );
    await expect(serve(context.mlops, { experiment: 'later', target: 'Production', port: 70_000 })).rejects.toSatisfy((error: unknown) =>
      MLOpsError.hasCode(error, 'INVALID_ARGUMENT'),
    );
  });
});
