import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { S3ModelRepository, type S3ModelRepositoryOptions } from '../../src/index.js';

/** s3rver accepts this key id (it checks the id, not v4 signatures). */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Options reaching the s3rver of this run, under a prefix unique to the caller. */
export function testRepositoryOptions(overrides: Partial<S3ModelRepositoryOptions> = {}): S3ModelRepositoryOptions {
  return {
    bucket: inject('s3Bucket'),
    prefix: `test-${randomUUID()}`,
    endpoint: inject('s3Endpoint'),
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: s3rverCredentials,
    ...overrides,
  };
}

/** A repository on the s3rver of this run, under a prefix of its own. */
export function createTestRepository(overrides: Partial<S3ModelRepositoryOptions> = {}): S3ModelRepository {
  return new S3ModelRepository(testRepositoryOptions(overrides));
}
