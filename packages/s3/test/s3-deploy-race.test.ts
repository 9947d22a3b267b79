import { afterAll, describe, expect, it } from 'vitest';
import { raceDeploysWithReaders } from './support/deploy-race.js';
import { createTestRepository } from './support/test-repository.js';

describe('S3ModelRepository deploy racing with readers', () => {
  const repository = createTestRepository();
  afterAll(() => repository.close());

  it('a reader sees the old or the new model whole, never a mix or an error', async () => {
    const result = await raceDeploysWithReaders(repository);
    expect(result.failures).toEqual([]);
    expect(result.reads).toBeGreaterThan(4);
  }, 120_000);
});
