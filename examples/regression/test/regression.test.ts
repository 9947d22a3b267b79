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
const runPipeline = (cwd: string, env: Record<string, string> = {}) => run(process.execPath, ['--import', tsxLoader, mainScript], { cwd, env: { ...process.env, ...env } });

// Runs the pipeline as a user would, in an empty working folder.
describe('regression pipeline', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-regression-test-'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('trains, records, exports, registers, deploys to Test and predicts on the embedded default', async () => {
    const { stdout } = await runPipeline(workDir);
    expect(stdout).toMatch(/embedded default/);
    expect(stdout).toMatch(/train 294 rows × 9 columns/);
    expect(stdout).toMatch(/r2=0\.[78]\d*/);
    expect(stdout).toMatch(/held-out RMSE by training rows: 25 → [\d.]+, 50/);
    expect(stdout).toMatch(/input X float32 \[N, 8\], outputs variable/);
    expect(stdout).toMatch(/registered\s+version 1, deployed to Test/);
    expect(stdout).toMatch(/→ [\d.]+ mpg \(actual [\d.]+\)/);
    expect(Number(/largest difference on 98 held-out rows: (\S+) mpg/.exec(stdout)?.[1])).toBeLessThan(1e-3);
    expect(existsSync(path.join(workDir, 'mlops', 'mlops.db'))).toBe(true);
    expect(existsSync(path.join(workDir, 'mlops', 'models', 'deployments', 'car-mpg', 'Test', 'car-mpg.onnx'))).toBe(true);
  }, 60_000);

  it('runs against the store the environment names', async () => {
    const { stdout } = await runPipeline(workDir, { MLOPS_STORE: 'memory', MLOPS_MODELS_DIR: 'other-models' });
    expect(stdout).toMatch(/in-memory store, files other-models/);
    expect(stdout).toMatch(/registered\s+version 1/);
    expect(existsSync(path.join(workDir, 'other-models', 'deployments', 'car-mpg', 'Test', 'car-mpg.onnx'))).toBe(true);
  }, 60_000);
});
