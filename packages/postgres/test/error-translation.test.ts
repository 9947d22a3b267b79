import { MLOpsError } from '@mlops-ts/core';
import { newExperimentRecord } from '@mlops-ts/provider-tests';
import { latestSchemaVersion } from '@mlops-ts/sql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresMetadataStore } from '../src/index.js';
import { PostgresDatabase } from '../src/postgres-database.js';
import { createPostgresDialect } from '../src/postgres-dialect.js';
import { translatePostgresError } from '../src/postgres-errors.js';
import { createTestDatabase } from './support/test-databases.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase('errors');
});

afterAll(async () => {
  await database?.drop();
});

async function failureOf(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function expectMLOpsError(error: unknown, code: string): MLOpsError {
  expect(MLOpsError.isInstance(error), `expected an MLOpsError ${code}, got ${String(error)}`).toBe(true);
  const mlopsError = error as MLOpsError;
  expect(mlopsError.code).toBe(code);
  expect(mlopsError.providerId).toBe('postgres');
  expect(mlopsError.message).toMatch(/\. [A-Z].*\.$/);
  return mlopsError;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('native PostgreSQL errors become MLOpsErrors', () => {
  it('a server that does not answer is UNAVAILABLE and names host and port', async () => {
    const store = new PostgresMetadataStore({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'mlops', connectionTimeoutMillis: 2_000 });
    const error = expectMLOpsError(await failureOf(() => store.connect()), 'UNAVAILABLE');
    expect(error.message).toContain("'127.0.0.1:1'");
    await store.close();
  });

  it('a database that does not exist is UNAVAILABLE and says how to fix it', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_database';
    const store = new PostgresMetadataStore(url.toString());
    const error = expectMLOpsError(await failureOf(() => store.connect()), 'UNAVAILABLE');
    expect(error.message).toContain("database 'no_such_database'");
    expect((error.cause as { code?: string }).code).toBe('3D000');
    await store.close();
  });

  it('unique violations are CONFLICT and foreign key violations NOT_FOUND', async () => {
    const store = new PostgresMetadataStore({ connectionString: database.url, schema: 'violations' });
    await store.connect();
    await store.close();
    await withClient(async (client) => {
      await client.query("INSERT INTO violations.experiments (id, name, created_at) VALUES ('e1', 'iris', 1)");
      const unique = await failureOf(() => client.query("INSERT INTO violations.experiments (id, name, created_at) VALUES ('e2', 'iris', 1)"));
      expect(expectMLOpsError(translatePostgresError(unique, 'x'), 'CONFLICT').cause).toBe(unique);
      const foreignKey = await failureOf(() => client.query("INSERT INTO violations.runs (id, experiment_id, status, start_time) VALUES ('r', 'missing', 'running', 1)"));
      expectMLOpsError(translatePostgresError(foreignKey, 'x'), 'NOT_FOUND');
    });
  });

  it('a deadlock aborts one transaction, which is retried and succeeds, and both writes land', async () => {
    const settings = { lowerCollation: 'default' };
    const open = () => PostgresDatabase.open({ connectionString: database.url, schema: 'deadlock' }, 'test database', settings);
    const [first, second] = [await open(), await open()];
    await withClient((client) => client.query('CREATE TABLE deadlock.counters (id int PRIMARY KEY, value int NOT NULL); INSERT INTO deadlock.counters VALUES (1, 0), (2, 0)'));
    let attempts = 0;
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldOneRow = new Promise<void>((resolve) => (release = resolve));
    const crossUpdate = (database: PostgresDatabase, firstId: number, secondId: number) =>
      database.transaction('write', async (executor) => {
        attempts++;
        await executor.execute('UPDATE counters SET value = value + 1 WHERE id = $1', [firstId]);
        if (++arrived === 2) release();
        await bothHoldOneRow;
        await executor.execute('UPDATE counters SET value = value + 1 WHERE id = $1', [secondId]);
      });
    await Promise.all([crossUpdate(first, 1, 2), crossUpdate(second, 2, 1)]);
    expect(attempts).toBe(3);
    const rows = await withClient((client) => client.query('SELECT value FROM deadlock.counters ORDER BY id'));
    expect(rows.rows.map((row: { value: number }) => row.value)).toEqual([2, 2]);
    await Promise.all([first.close(), second.close()]);
  });

  it('refuses a schema written by a newer version with UNSUPPORTED and leaves it untouched', async () => {
    const store = new PostgresMetadataStore({ connectionString: database.url, schema: 'future' });
    await store.connect();
    await store.close();
    await withClient((client) => client.query('INSERT INTO future.schema_migrations VALUES ($1, $2, $3)', [latestSchemaVersion + 1, 'from the future', Date.now()]));
    const newer = new PostgresMetadataStore({ connectionString: database.url, schema: 'future' });
    const error = expectMLOpsError(await failureOf(() => newer.connect()), 'UNSUPPORTED');
    expect(error.message).toContain(`schema version ${latestSchemaVersion + 1}`);
    expect(error.message).toContain("schema 'future'");
    await newer.close();
  });

  it('rejects an empty connection string and a bad schema name with INVALID_ARGUMENT', async () => {
    expectMLOpsError(await failureOf(() => new PostgresMetadataStore('')), 'INVALID_ARGUMENT');
    expectMLOpsError(await failureOf(() => new PostgresMetadataStore({ connectionString: database.url, schema: '' })), 'INVALID_ARGUMENT');
  });

  it('keeps a schema with any characters in its name apart from others', async () => {
    const odd = new PostgresMetadataStore({ connectionString: database.url, schema: 'Odd "schema" name' });
    const plain = new PostgresMetadataStore({ connectionString: database.url, schema: 'odd_other' });
    try {
      await odd.createExperiment(newExperimentRecord({ name: 'iris' }));
      expect(await odd.listExperiments()).toHaveLength(1);
      expect(await plain.listExperiments()).toEqual([]);
      expect(createPostgresDialect().name).toBe('postgres');
    } finally {
      await Promise.all([odd.close(), plain.close()]);
    }
  });
});
