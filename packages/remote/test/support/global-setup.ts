import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgresServer, type TestPostgresServer } from '../../../postgres/test/support/postgres-server.js';
import startS3rver from '../../../s3/test/support/global-setup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The control URL of the server host process (see server-host.ts). */
    serverHostUrl: string;
    /** The connection string of the test PostgreSQL server (superuser, trust auth). */
    postgresUrl: string;
  }
}

const packageRoot = path.resolve(fileURLToPath(import.meta.url), '../../..');

/** The arguments that run a TypeScript file of this package in a child Node.js process, as the tests run it (from source). */
export function typeScriptNodeArgs(): string[] {
  return ['--conditions=@mlops-ts/source', '--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/** Starts PostgreSQL, s3rver and the server host for the package's test run, and stops them afterwards. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres: TestPostgresServer = await startPostgresServer();
  // The s3 package's setup: s3rver on a random port, its endpoint and bucket provided as s3Endpoint and s3Bucket.
  const stopS3rver = await startS3rver(project);
  let host: ChildProcess | undefined;
  try {
    host = spawn(process.execPath, [...typeScriptNodeArgs(), path.join(packageRoot, 'test/support/server-host.ts')], {
      cwd: packageRoot,
      env: { ...process.env, MLOPS_TEST_POSTGRES_URL: postgres.url, MLOPS_TEST_S3_ENDPOINT: project.getProvidedContext().s3Endpoint, MLOPS_TEST_S3_BUCKET: project.getProvidedContext().s3Bucket },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    project.provide('serverHostUrl', await readyUrl(host));
    project.provide('postgresUrl', postgres.url);
  } catch (error) {
    host?.kill('SIGKILL');
    await Promise.allSettled([postgres.stop(), stopS3rver()]);
    throw error;
  }
  return async () => {
    if (host!.exitCode === null) {
      const exited = new Promise((resolve) => host!.once('exit', resolve));
      host!.kill('SIGTERM');
      await exited;
    }
    await Promise.allSettled([postgres.stop(), stopS3rver()]);
  };
}

/** Resolves with the URL the host prints once it listens; rejects if it exits first. */
function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`The server host exited with ${code} before it listened.`)));
  });
}
