import { existsSync } from 'node:fs';
import path from 'node:path';
import { createExampleFolder, deployedFileNames, type ExampleFolder } from '@mlops-ts/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the pipeline as a user would, in an empty working folder.
describe('clustering pipeline', () => {
  let example: ExampleFolder;
  beforeAll(async () => {
    example = await createExampleFolder(new URL('../src/main.ts', import.meta.url));
  });
  afterAll(() => example.remove());

  it('trains, records, exports, registers, deploys to Test and predicts on the embedded default', async () => {
    const stdout = await example.run();
    expect(stdout).toMatch(/embedded default/);
    expect(stdout).toMatch(/train 1096 rows × 6 columns/);
    expect(stdout).toMatch(/\d+ iterations in \d+ ms; train inertia \d+ → \d+/);
    expect(stdout).toMatch(/silhouette=0\.\d+/);
    expect(stdout).toMatch(/input X float32 \[N, 4\], outputs label, scores/);
    expect(stdout).toMatch(/registered\s+version 1, deployed to Test/);
    expect(stdout).toMatch(/→ cluster [0-3] \(weather: \w+\)/);
    expect(stdout).toMatch(/ONNX vs library\s+365\/365 held-out days assigned alike/);
    expect(existsSync(path.join(example.path, 'mlops', 'mlops.db'))).toBe(true);
    expect(deployedFileNames(path.join(example.path, 'mlops', 'models'))).toContain('seattle-weather-kmeans.onnx');
  }, 60_000);

  it('runs against the store the environment names', async () => {
    const stdout = await example.run({ MLOPS_STORE: 'memory', MLOPS_MODELS_DIR: 'other-models' });
    expect(stdout).toMatch(/in-memory store, files other-models/);
    expect(stdout).toMatch(/registered\s+version 1/);
    expect(deployedFileNames(path.join(example.path, 'other-models'))).toContain('seattle-weather-kmeans.onnx');
  }, 60_000);
});
