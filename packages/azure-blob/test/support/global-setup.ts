import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startAzurite } from './azurite-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Blob endpoint of the Azurite started for this run, such as 'http://127.0.0.1:40123/devstoreaccount1'. */
    azuriteBlobEndpoint: string;
  }
}

/** Starts Azurite's blob service for the run (see `startAzurite`); stops it after the run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const azurite = await startAzurite();
  project.provide('azuriteBlobEndpoint', azurite.blobEndpoint);
  return azurite.stop;
}
