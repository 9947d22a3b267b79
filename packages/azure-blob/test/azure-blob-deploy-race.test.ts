import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raceDeploysWithReaders } from './support/deploy-race.js';
import { createTestRepository } from './support/test-repository.js';

describe('AzureBlobModelRepository deploy racing with readers', () => {
  const repository = createTestRepository();
  beforeAll(() => repository.connect());
  afterAll(() => repository.containerClient.deleteIfExists());

  it('a reader sees the old or the new model whole, never a mix or an error', async () => {
    const result = await raceDeploysWithReaders(repository);
    expect(result.failures).toEqual([]);
    expect(result.reads).toBeGreaterThan(4);
  }, 120_000);
});
