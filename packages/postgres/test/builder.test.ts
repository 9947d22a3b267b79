import { MLOpsBuilder } from '@mlops-ts/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/index.js';
import { PostgresMetadataStore } from '../src/index.js';
import { createTestDatabase } from './support/test-databases.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const folder = mkdtempSync(path.join(os.tmpdir(), 'mlops-postgres-builder-'));

beforeAll(async () => {
  database = await createTestDatabase('builder');
});

afterAll(async () => {
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

describe('usePostgres()', () => {
  it('builds a context whose metadata lives in PostgreSQL, from a connection string', async () => {
    const mlops = await new MLOpsBuilder().usePostgres(database.url).useLocalFileModelRepository(path.join(folder, 'models')).build();
    try {
      expect(mlops.metadataStore).toBeInstanceOf(PostgresMetadataStore);
      expect(mlops.metadataStore.providerId).toBe('postgres');
      const run = await mlops.lifecycle.createRun('iris');
      await mlops.evaluation.logMetric(run.id, 'accuracy', 0.9);
      expect((await mlops.lifecycle.getRun(run.id)).metrics).toEqual({ accuracy: 0.9 });
    } finally {
      await mlops.close();
    }
    const again = await new MLOpsBuilder().usePostgres({ connectionString: database.url, max: 2 }).useLocalFileModelRepository(path.join(folder, 'models')).build();
    expect((await again.lifecycle.getExperiments()).map((experiment) => experiment.name)).toEqual(['iris']);
    await again.close();
  });

  it('takes pool options with a schema, and names the target without the password', async () => {
    const url = new URL(database.url);
    url.password = 'secret';
    const store = new PostgresMetadataStore({ connectionString: url.toString(), schema: 'team_a' });
    expect(store.target).toBe(`database '${url.pathname.slice(1)}' on '127.0.0.1:${url.port}', schema 'team_a'`);
    expect(store.target).not.toContain('secret');
  });
});
