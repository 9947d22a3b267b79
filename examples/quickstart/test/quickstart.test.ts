import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));

// Runs the demo as a user would, in an empty working folder, so the embedded default
// (SQLite + local files) is created there from nothing.
describe('quickstart pipeline', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-quickstart-test-'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('records, registers, deploys and predicts on the embedded default, versioning each run', async () => {
    const first = await run(process.execPath, ['--import', tsxLoader, mainScript], { cwd: workDir });
    expect(first.stdout).toMatch(/status\s+finished/);
    expect(first.stdout).toMatch(/registered as version 1/);
    expect(first.stdout).toMatch(/accuracy=0\.9\d*/);
    expect(first.stdout).toMatch(/→ (setosa|versicolor|virginica) \(actual/);
    expect(existsSync(path.join(workDir, 'mlops', 'mlops.db'))).toBe(true);
    expect(existsSync(path.join(workDir, 'mlops', 'models', 'deployments', 'iris-species', 'Production', 'iris-tree.json'))).toBe(true);

    const second = await run(process.execPath, ['--import', tsxLoader, mainScript], { cwd: workDir });
    expect(second.stdout).toMatch(/registered as version 2/);
  }, 60_000);
});
