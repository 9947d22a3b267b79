import { createRequire } from 'node:module';

/** This package's version, for the OpenAPI document. */
export const serverVersion: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
