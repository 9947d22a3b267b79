import type { TestProject } from 'vitest/node';
import { startPostgresServer, type TestPostgresServer } from './support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The connection string of the test PostgreSQL server's `postgres` database (superuser, trust auth). */
    postgresUrl: string;
  }
}

let server: TestPostgresServer | undefined;

/** Starts one PostgreSQL server for the package's test run, and stops it afterwards. */
export async function setup(project: TestProject): Promise<void> {
  server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
