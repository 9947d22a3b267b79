import { existsSync } from 'node:fs';
import path from 'node:path';
import { createExampleFolder, deployedFileNames, type ExampleFolder } from '@mlops-ts/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the pipeline as a user would, in an empty working folder.
describe('multiclass-classification pipeline', () => {
  let example: ExampleFolder;
  beforeAll(async () => {
    example = await createExampleFolder(new URL('../src/main.ts', import.meta.url));
  });
  afterAll(() => example.remove());

  it('trains, records, exports, registers, deploys to Test and predicts on the embedded default', async () => {
    const stdout = await example.run();
    expect(stdout).toMatch(/embedded default/);
    expect(stdout).toMatch(/train 250 rows × 7 columns/);
    expect(stdout).toMatch(/accuracy=0\.9\d*/);
    expect(stdout).toMatch(/input X float32 \[N, 4\], outputs label, probabilities/);
    expect(stdout).toMatch(/held-out accuracy by gradient steps: 25 → [\d.]+, 50/);
    expect(stdout).toMatch(/registered\s+version 1, deployed to Test/);
    expect(stdout).toMatch(/→ Adelie \(actual Adelie\)/);
    expect(stdout).toMatch(/ONNX vs library\s+83\/83 held-out rows labelled alike/);
    expect(existsSync(path.join(example.path, 'mlops', 'mlops.db'))).toBe(true);
    expect(deployedFileNames(path.join(example.path, 'mlops', 'models'))).toContain('penguin-species.onnx');
  }, 60_000);

  it('runs against the store the environment names', async () => {
    const stdout = await example.run({ MLOPS_STORE: 'memory', MLOPS_MODELS_DIR: 'other-models' });
    expect(stdout).toMatch(/in-memory store, files other-models/);
    expect(stdout).toMatch(/registered\s+version 1/);
    expect(deployedFileNames(path.join(example.path, 'other-models'))).toContain('penguin-species.onnx');
  }, 60_000);
});
