import type { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the local Cosmos DB server started for this run, such as 'https://127.0.0.1:40123'. */
    cosmosEndpoint: string;
  }
}

/**
 * Starts @vercel/cosmosdb-server in this process on 127.0.0.1 with a random free port
 * (HTTPS with its self-signed certificate; keep-alive so clients reuse connections), and
 * stops it after the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = createHttpsServer({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  project.provide('cosmosEndpoint', `https://127.0.0.1:${port}`);
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
