import net from 'node:net';
import { Writable } from 'node:stream';
import { MLOpsError, storeErrors, uuidv7 } from '@mlops-ts/core';
import { expectMLOpsError } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTrackingServer } from '../src/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('listening', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({ tokens: [] });
  });
  afterAll(() => api.stop());

  test('listens on 127.0.0.1 unless told otherwise', () => {
    expect(api.server.url).toBe(`http://127.0.0.1:${api.server.port}`);
  });

  test('refuses to serve a non-loopback address without tokens, unless told it is trusted', async () => {
    await expectMLOpsError(createTrackingServer(api.mlops, { host: '0.0.0.0', port: 0, logger: false }), 'INVALID_ARGUMENT', { mentions: ['allowUnauthenticated'] });
    await expectMLOpsError(createTrackingServer(api.mlops, { host: '::', port: 0, logger: false }), 'INVALID_ARGUMENT');
  });

  test('a taken port is UNAVAILABLE naming the port', async () => {
    await expectMLOpsError(createTrackingServer(api.mlops, { port: api.server.port, logger: false, tokens: [] }), 'UNAVAILABLE', { mentions: [String(api.server.port)] });
  });

  test('without tokens on loopback, requests need no token', async () => {
    expect((await api.json('POST', '/api/v1/experiments', { token: null, body: { name: 'open' } })).status).toBe(200);
  });

  test('an idle connection is closed after timeouts.idleMs', async () => {
    const quick = await createTrackingServer(api.mlops, { port: 0, logger: false, timeouts: { idleMs: 300 } });
    try {
      const socket = net.connect(quick.port, '127.0.0.1');
      const started = performance.now();
      await new Promise((resolve) => socket.on('close', resolve));
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await quick.close();
    }
  });
});

describe('server faults', () => {
  const logLines: string[] = [];
  let api: TestServer;
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(String(chunk));
        callback();
      },
    });
    api = await startTestServer({ logger: { level: 'info', stream } });
  });
  afterAll(() => api.stop());

  test('an unexpected error answers 500 INTERNAL with a log id, and only the log has the details', async () => {
    const store = api.mlops.metadataStore;
    const original = store.listExperiments;
    store.listExperiments = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'rows') at /srv/mlops/node_modules/pg/lib/client.js:12:3");
    };
    try {
      const { status, body } = await api.json('GET', '/api/v1/experiments');
      expect(status).toBe(500);
      expect(body.code).toBe('INTERNAL');
      const logId = /log id ([0-9a-f-]{36})/.exec(body.message)?.[1];
      expect(logId, body.message).toBeDefined();
      expect(JSON.stringify(body)).not.toMatch(/srv|node_modules|TypeError|rows/);
      const logged = logLines.map((line) => JSON.parse(line)).find((entry) => entry.reqId === logId && entry.level === 50);
      expect(logged?.err?.message).toContain('/srv/mlops/node_modules/pg');
    } finally {
      store.listExperiments = original;
    }
  });

  test("a store that cannot be reached answers 503 UNAVAILABLE without the store's address", async () => {
    const store = api.mlops.metadataStore;
    const original = store.getExperimentById;
    store.getExperimentById = async () => {
      throw storeErrors.unavailable('postgres', 'PostgreSQL at db.internal:5432 does not answer', new Error('connect ECONNREFUSED 10.1.2.3:5432'));
    };
    try {
      const { status, body } = await api.json('GET', `/api/v1/experiments/${uuidv7()}`);
      expect(status).toBe(503);
      expect(body.code).toBe('UNAVAILABLE');
      expect(body.message).toMatch(/Retry later/);
      expect(JSON.stringify(body)).not.toMatch(/db\.internal|10\.1\.2\.3|ECONNREFUSED/);
    } finally {
      store.getExperimentById = original;
    }
  });

  test('a client error keeps its message: it tells the client what to fix', async () => {
    const store = api.mlops.metadataStore;
    const original = store.listExperiments;
    store.listExperiments = async () => {
      throw new MLOpsError('CONFLICT', "Experiment 'x' is being renamed. Retry the call.");
    };
    try {
      expect(await api.json('GET', '/api/v1/experiments')).toEqual({ status: 409, body: { code: 'CONFLICT', message: "Experiment 'x' is being renamed. Retry the call." } });
    } finally {
      store.listExperiments = original;
    }
  });
});
