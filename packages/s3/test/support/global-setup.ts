import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { makeS3rverStoreAtomic } from './atomic-s3rver-store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the s3rver started for this run, such as 'http://127.0.0.1:40123'. */
    s3Endpoint: string;
    /** A bucket that exists on it. */
    s3Bucket: string;
  }
}


/** Starts s3rver on 127.0.0.1 with a random port and a temporary folder; stops it after the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'mlops-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(folder, 'data'),
    configureBuckets: [{ name: 'models' }],
  });
  makeS3rverStoreAtomic(server, path.join(folder, 'tmp'));
  const address = await server.run();
  project.provide('s3Endpoint', `http://127.0.0.1:${address.port}`);
  project.provide('s3Bucket', 'models');
  return async () => {
    server.httpServer.closeAllConnections();
    await server.close();
    await fs.rm(folder, { recursive: true, force: true });
  };
}
