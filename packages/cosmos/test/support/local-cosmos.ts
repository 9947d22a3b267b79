import https from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { inject } from 'vitest';
import type { CosmosDbConnectionOptions } from '../../src/index.js';

/** Any key works on the local server; the SDK only needs it to be base64 to sign requests. */
export const localKey = Buffer.from('local cosmosdb-server key').toString('base64');

/** Accepts the local server's self-signed certificate. Only ever used in tests. */
export const localAgent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });

let databaseCount = 0;

/** A database id no other test in this process uses. */
export function uniqueDatabaseId(label: string): string {
  return `${label}-${process.pid}-${++databaseCount}-${Date.now().toString(36)}`;
}

/** Connection options for the local server started by the global setup. */
export function localCosmosOptions(overrides: Partial<CosmosDbConnectionOptions> = {}): CosmosDbConnectionOptions {
  return {
    endpoint: inject('cosmosEndpoint'),
    key: localKey,
    databaseId: uniqueDatabaseId('test'),
    ...overrides,
    clientOptions: { agent: localAgent, ...overrides.clientOptions },
  };
}

/** A client of the local server for test set-up and clean-up (dispose it). */
export function localClient(): CosmosClient {
  return new CosmosClient({ endpoint: inject('cosmosEndpoint'), key: localKey, agent: localAgent, connectionPolicy: { enableBackgroundEndpointRefreshing: false } });
}

/** Drops a test's database. */
export async function dropDatabase(databaseId: string): Promise<void> {
  const client = localClient();
  try {
    await client.database(databaseId).delete();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 404) throw error;
  } finally {
    client.dispose();
  }
}
