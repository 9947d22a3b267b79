import { existsSync } from 'node:fs';
import path from 'node:path';
import { createExampleFolder, deployedFileNames, type ExampleFolder } from '@mlops-ts/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the demo as a user would, in an empty working folder, so the embedded default
// (SQLite + local files) is created there from nothing.
describe('quickstart pipeline', () => {
  let example: ExampleFolder;
  beforeAll(async () => {
    example = await createExampleFolder(new URL('../src/main.ts', import.meta.url));
  });
  afterAll(() => example.remove());

  it('records, registers, deploys and predicts on the embedded default, versioning each run', async () => {
    const first = await example.run();
    expect(first).toMatch(/status\s+finished/);
    expect(first).toMatch(/registered as version 1/);
    expect(first).toMatch(/accuracy=0\.9\d*/);
    expect(first).toMatch(/→ (setosa|versicolor|virginica) \(actual/);
    expect(existsSync(path.join(example.path, 'mlops', 'mlops.db'))).toBe(true);
    expect(deployedFileNames(path.join(example.path, 'mlops', 'models'))).toContain('iris-tree.json');

    const second = await example.run();
    expect(second).toMatch(/registered as version 2/);
  }, 60_000);
});
