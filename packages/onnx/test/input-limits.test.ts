import { MLOpsError } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadDeployedModel, serve, type ModelServer } from '../src/index.js';
import { TooManyElementsError } from '../src/predictor/element-budget.js';
import { OnnxGraphBuilder } from '../src/export/onnx-graph-builder.js';
import { deployBytes, openTestContext, type TestContext } from './support/onnx-fixtures.js';

/** A model passing a string tensor through, with only symbolic dimensions: `text` → `text_out`. */
function stringPassThroughModel(shape: readonly string[]): Uint8Array {
  const graph = new OnnxGraphBuilder('strings');
  graph.reserve('text', 'text_out');
  graph.node('Identity', ['text'], ['text_out']);
  return graph.build({ inputs: [{ name: 'text', elementType: 'string', shape }], outputs: [{ name: 'text_out', elementType: 'string', shape }] });
}

/** A list whose first entry is `inner`, followed by `count - 1` scalars: read along first elements it looks huge. */
function deceptive(inner: unknown, count: number): unknown[] {
  return [inner, ...Array.from({ length: count - 1 }, () => 'a')];
}

async function post(server: ModelServer, body: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: await response.json() };
}

/** Peak resident memory of this process so far, in bytes. */
const peakMemory = (): number => process.resourceUsage().maxRSS * 1024;

describe('serve: requests whose size would only show after allocating', () => {
  let context: TestContext;
  let rank2: ModelServer;
  let rank2Limited: ModelServer;
  let rank3: ModelServer;

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, stringPassThroughModel(['N', 'M']), { experiment: 'rank2', target: 'Production' });
    await deployBytes(context.mlops, stringPassThroughModel(['N', 'M', 'K']), { experiment: 'rank3', target: 'Production' });
    rank2 = await serve(context.mlops, { experiment: 'rank2', target: 'Production', port: 0, pollIntervalMs: 0 });
    rank2Limited = await serve(context.mlops, { experiment: 'rank2', target: 'Production', port: 0, pollIntervalMs: 0, maxElements: 100 });
    rank3 = await serve(context.mlops, { experiment: 'rank3', target: 'Production', port: 0, pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await rank2?.close();
    await rank2Limited?.close();
    await rank3?.close();
    await context?.dispose();
  });

  it('answers 400 for a small ragged body that reads as 8e9 strings along its first elements', async () => {
    const body = JSON.stringify({ text: deceptive(deceptive(Array.from({ length: 2000 }, () => 'a'), 2000), 2000) });
    expect(body.length).toBeLessThan(50_000);
    const { status, body: answer } = await post(rank3, body);
    expect(status).toBe(400);
    expect(answer.error.code).toBe('INVALID_ARGUMENT');
    expect(answer.error.message).toMatch(/Input 'text' is ragged/);
  });

  it('refuses a 2-level ragged body of 1.4e8 strings (by first elements) without allocating them', async () => {
    const size = 12_000;
    const body = JSON.stringify({ text: deceptive(Array.from({ length: size }, () => 'a'), size) });
    const before = peakMemory();
    const { status, body: answer } = await post(rank2, body);
    expect(status).toBe(400);
    expect(answer.error.message).toMatch(/Input 'text' is ragged/);
    // Sizing the tensor from the first row would allocate 1.15 GB of array slots.
    expect(peakMemory() - before).toBeLessThan(300 * 1024 * 1024);
  });

  it('answers 413 naming the limit when a regular body holds more than maxElements strings', async () => {
    const rows = Array.from({ length: 11 }, () => Array.from({ length: 10 }, () => 'a'));
    const { status, body } = await post(rank2Limited, JSON.stringify({ text: rows }));
    expect(status).toBe(413);
    expect(body.error.code).toBe('TOO_MANY_ELEMENTS');
    expect(body.error.message).toMatch(/at least 110 tensor elements.*maxElements \(100\)/);
    const fits = await post(rank2Limited, JSON.stringify({ text: rows.slice(0, 10) }));
    expect(fits.status).toBe(200);
    expect(fits.body.text_out).toEqual(rows.slice(0, 10));
  });

  it('counts elements over every row of a batch of instances', async () => {
    const instances = Array.from({ length: 11 }, () => ({ text: Array.from({ length: 10 }, () => 'a') }));
    const { status, body } = await post(rank2Limited, JSON.stringify({ instances }));
    expect(status).toBe(413);
    expect(body.error.code).toBe('TOO_MANY_ELEMENTS');
  });
});

describe('loadDeployedModel: maxElements', () => {
  let context: TestContext;

  beforeAll(async () => {
    context = await openTestContext();
    await deployBytes(context.mlops, stringPassThroughModel(['N', 'M']), { experiment: 'rank2', target: 'Production' });
  });
  afterAll(async () => {
    await context?.dispose();
  });

  it('bounds every predict and predictBatch call of the predictor', async () => {
    await using predictor = await loadDeployedModel(context.mlops, { experiment: 'rank2', target: 'Production', pollIntervalMs: 0, maxElements: 4 });
    expect(await predictor.predict({ text: [['a', 'b'], ['c', 'd']] })).toEqual({ text_out: [['a', 'b'], ['c', 'd']] });
    await expect(predictor.predict({ text: [['a', 'b', 'c'], ['d', 'e', 'f']] })).rejects.toBeInstanceOf(TooManyElementsError);
    await expect(predictor.predictBatch([{ text: ['a', 'b', 'c'] }, { text: ['d', 'e', 'f'] }])).rejects.toSatisfy((error: unknown) =>
      MLOpsError.hasCode(error, 'INVALID_ARGUMENT'),
    );
  });

  it('refuses a limit that is not a positive whole number', async () => {
    await expect(loadDeployedModel(context.mlops, { experiment: 'rank2', target: 'Production', pollIntervalMs: 0, maxElements: -1 })).rejects.toSatisfy(
      (error: unknown) => MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && /maxElements is -1/.test(error.message),
    );
  });
});
