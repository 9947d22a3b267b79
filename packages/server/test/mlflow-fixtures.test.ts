import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasMessage, messageProblems } from './support/mlflow-messages.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// Request/response fixtures of every MLflow route this server serves, registry included,
// replayed in order against a real server. Each request and answer is checked against
// the MLflow message it stands for (fixtures/mlflow/messages.json, from MLflow's protos),
// and each answer against the fixture: "{{name}}" captures a value the first time and must
// equal it after, "{{*}}" takes any value; objects must have exactly the fixture's keys.

interface Fixture {
  title: string;
  request: { method: string; path: string; message?: string; query?: Record<string, string | string[]>; body?: unknown; rawBody?: string; contentType?: string };
  response: { status: number; message?: string; body?: unknown; rawBody?: string };
}

const folder = new URL('./fixtures/mlflow/', import.meta.url);
const fixtures = readdirSync(folder)
  .filter((file) => /^\d{3}-.+\.json$/.test(file))
  .sort()
  .map((file) => ({ file, fixture: JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as Fixture }));

let api: TestServer;
const captured = new Map<string, unknown>();

beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.stop());

/** `text` with every {{name}} replaced by its captured value. */
function substitute(text: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    if (!captured.has(name)) throw new Error(`{{${name}}} is used before a fixture captured it`);
    return String(captured.get(name));
  });
}

function substituteDeep(value: unknown): unknown {
  if (typeof value === 'string') return substitute(value);
  if (Array.isArray(value)) return value.map(substituteDeep);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteDeep(item)]));
  return value;
}

/** Asserts `actual` is `expected` with its placeholders, capturing new ones. */
function expectMatches(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'string') {
    const whole = /^\{\{(\*|\w+)\}\}$/.exec(expected);
    if (whole?.[1] === '*') return void expect(actual, where).not.toBeUndefined();
    if (whole && !captured.has(whole[1]!)) {
      expect(typeof actual, `${where} (captured as {{${whole[1]}}})`).toBe('string');
      captured.set(whole[1]!, actual);
      return;
    }
    return void expect(actual, where).toBe(substitute(expected));
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${where} is a list`).toBe(true);
    expect((actual as unknown[]).length, `${where} length`).toBe(expected.length);
    expected.forEach((item, index) => expectMatches((actual as unknown[])[index], item, `${where}[${index}]`));
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual === 'object' && actual !== null && !Array.isArray(actual), `${where} is an object`).toBe(true);
    expect(Object.keys(actual as object).sort(), `${where} keys`).toEqual(Object.keys(expected).sort());
    for (const [key, item] of Object.entries(expected)) expectMatches((actual as Record<string, unknown>)[key], item, `${where}.${key}`);
    return;
  }
  expect(actual, where).toEqual(expected);
}

describe('MLflow request/response fixtures', () => {
  test('there is a fixture for every route the server serves under MLflow\'s prefixes', () => {
    const served = [
      'experiments/create', 'experiments/get', 'experiments/get-by-name', 'experiments/search', 'experiments/list', 'experiments/update', 'experiments/delete', 'experiments/restore',
      'experiments/set-experiment-tag', 'experiments/delete-experiment-tag', 'runs/create', 'runs/get', 'runs/update', 'runs/delete', 'runs/restore', 'runs/log-metric', 'runs/log-parameter',
      'runs/set-tag', 'runs/delete-tag', 'runs/log-batch', 'runs/log-model', 'runs/log-inputs', 'runs/search', 'metrics/get-history', 'artifacts/list',
      'registered-models/create', 'registered-models/get', 'registered-models/rename', 'registered-models/update', 'registered-models/delete', 'registered-models/search',
      'registered-models/get-latest-versions', 'registered-models/set-tag', 'registered-models/delete-tag', 'registered-models/alias',
      'model-versions/create', 'model-versions/get', 'model-versions/update', 'model-versions/delete', 'model-versions/search', 'model-versions/get-download-uri',
      'model-versions/set-tag', 'model-versions/delete-tag', 'model-versions/transition-stage',
    ];
    const covered = new Set(fixtures.map(({ fixture }) => fixture.request.path.replace(/^\/(ajax-)?api\/2\.0\/mlflow\//, '')));
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
    const artifactMethods = new Set(fixtures.filter(({ fixture }) => fixture.request.path.startsWith('/api/2.0/mlflow-artifacts/artifacts')).map(({ fixture }) => fixture.request.method));
    expect([...artifactMethods].sort()).toEqual(['DELETE', 'GET', 'PUT']);
  });

  test('every fixture request is a valid MLflow request message', () => {
    for (const { file, fixture } of fixtures) {
      const { message, query, body } = fixture.request;
      if (message === undefined) continue;
      expect(hasMessage(message), file).toBe(true);
      expect(messageProblems(message, query ?? body ?? {}, { isRequest: true, where: file }), file).toEqual([]);
    }
  });

  test.each(fixtures.map(({ file, fixture }) => [file, fixture] as const))('%s', async (_file, fixture) => {
    const { request, response } = fixture;
    const search = request.query
      ? `?${new URLSearchParams(Object.entries(request.query).flatMap(([key, value]) => [value].flat().map((item): [string, string] => [key, substitute(item)]))).toString()}`
      : '';
    const answer = await api.request(request.method, substitute(request.path) + search, {
      ...(request.body === undefined ? {} : { body: substituteDeep(request.body) }),
      ...(request.rawBody === undefined ? {} : { rawBody: request.rawBody, headers: { 'content-type': request.contentType ?? 'application/octet-stream' } }),
    });
    const text = await answer.text();
    expect(answer.status, `${fixture.title}: ${text}`).toBe(response.status);
    if (response.rawBody !== undefined) {
      expect(text).toBe(response.rawBody);
      return;
    }
    const body = JSON.parse(text) as unknown;
    if (response.message !== undefined) expect(messageProblems(response.message, body, { isRequest: false, where: 'answer' })).toEqual([]);
    expectMatches(body, response.body, 'answer');
  });
});
