import { MLOpsBuilder } from '@mlops-ts/core';
import { closedPort, expectMLOpsError, expectNoSecretIn, newExperimentRecord } from '@mlops-ts/provider-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/index.js';
import { PostgresMetadataStore, type PostgresOptions } from '../src/index.js';
import { createTestDatabase } from './support/test-databases.js';

// Holds the characters that end or quote values in URLs and keyword strings: '@', ':', '/', quotes, spaces.
const password = `Pw@0n:ly/in 'te"sts`;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase('secrets');
});
afterAll(async () => {
  await database?.drop();
});

/** The same login in every form usePostgres() takes. */
function connectionForms(user: string, host: string, port: number, databaseName: string): [form: string, connection: string | PostgresOptions][] {
  const url = `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${databaseName}`;
  return [
    ['URL', url],
    ['URL with a raw "@" in the password', `postgres://${user}:Pw@0nly-in-tests@${host}:${port}/${databaseName}`],
    ['connectionString option', { connectionString: url, schema: 'mlops' }],
    ['options object', { host, port, user, password, database: databaseName, connectionTimeoutMillis: 5_000 }],
  ];
}

describe('PostgreSQL credentials', () => {
  it('never show in a store, its builder, or its connection error, for every form of connection settings', async () => {
    for (const [form, connection] of connectionForms('mlops', '127.0.0.1', await closedPort(), 'mlops')) {
      const secret = form.includes('raw') ? 'Pw@0nly-in-tests' : password;
      const store = new PostgresMetadataStore(connection);
      expectNoSecretIn(store, secret, `the store from the ${form}`);
      expectNoSecretIn(new MLOpsBuilder().usePostgres(connection), secret, `the builder with the ${form}`);
      const error = await expectMLOpsError(() => store.connect(), 'UNAVAILABLE', { providerId: 'postgres', withinMs: 10_000 });
      expectNoSecretIn(error, secret, `the connection error of the ${form}`);
      await store.close();
    }
  });

  it('never show in a connected store', async () => {
    const url = new URL(database.url);
    const [form, connection] = connectionForms(url.username, url.hostname, Number(url.port), url.pathname.slice(1))[0]!;
    // The test server trusts local connections, so any password signs in.
    const store = new PostgresMetadataStore(connection);
    await store.connect();
    try {
      await store.createExperiment(newExperimentRecord({ id: 'e1', name: 'iris' }));
      expectNoSecretIn(store, password, `the connected store from the ${form}`);
    } finally {
      await store.close();
    }
  });

  it('refuses a malformed URL, and a keyword/value string pg cannot read, without repeating them', async () => {
    for (const connectionString of [
      `postgres://mlops:top@secret-value@[bad:5432/mlops`,
      `postgres://mlops:top-secret-value@db:99999/mlops`,
      `host=127.0.0.1 port=5432 user=mlops password=top-secret-value dbname=mlops`,
    ]) {
      const error = await expectMLOpsError(async () => new PostgresMetadataStore(connectionString), 'INVALID_ARGUMENT', { providerId: 'postgres' });
      expectNoSecretIn(error, 'secret-value', `the error for ${connectionString.slice(0, 12)}…`);
      expect(error.message).toMatch(/postgres:\/\/user:password@host:5432\/database/);
    }
  });
});
