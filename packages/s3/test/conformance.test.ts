import { describeModelRepository } from '@mlops-ts/provider-tests';
import { createTestRepository } from './support/test-repository.js';

// Each test gets a key prefix of its own in the bucket of the s3rver started by globalSetup.
describeModelRepository('s3 (s3rver)', () => createTestRepository());
