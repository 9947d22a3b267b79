import { createExampleFolder, type ExampleFolder } from '@mlops-ts/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the pipeline as a user would, in an empty working folder. The image build itself is
// tested against a real registry in @mlops-ts/container's suites; here no registry is configured.
describe('container image pipeline', () => {
  let example: ExampleFolder;
  beforeAll(async () => {
    example = await createExampleFolder(new URL('../src/main.ts', import.meta.url));
  });
  afterAll(() => example.remove());

  it('trains, registers the champion and says clearly that the image build is skipped without a registry', async () => {
    const stdout = await example.run({ MLOPS_CONTAINER_REGISTRY: '', MLOPS_BASE_IMAGE: '' });
    expect(stdout).toMatch(/car-mpg version 1 \(rmse [\d.]+ mpg\), alias champion/);
    expect(stdout).toMatch(/image\s+skipped: no registry is configured\. Set MLOPS_CONTAINER_REGISTRY/);
  }, 60_000);
});
