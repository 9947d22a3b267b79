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
describe('clustering pipeline', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'mlops-clustering-test-'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('trains, records, exports, registers, deploys to Test and predicts on the embedded default', async () => {
    const { stdout } = await runPipeline(workDir);
    expect(stdout).toMatch(/embedded default/);
    expect(stdout).toMatch(/train 1096 rows × 6 columns/);
    expect(stdout).toMatch(/\d+ iterations in \d+ ms; train inertia \d+ → \d+/);
    expect(stdout).toMatch(/silhouette=0\.\d+/);
    expect(stdout).toMatch(/input X float32 \[N, 4\], outputs label, scores/);
    expect(stdout).toMatch(/registered\s+version 1, deployed to Test/);
    expect(stdout).toMatch(/→ cluster [0-3] \(weather: \w+\)/);
    expect(stdout).toMatch(/ONNX vs library\s+365\/365 held-out days assigned alike/);
    expect(existsSync(path.join(workDir, 'mlops', 'mlops.db'))).toBe(true);
    expect(existsSync(path.join(workDir, 'mlops', 'models', 'deployments', 'seattle-weather-clusters', 'Test', 'seattle-weather-kmeans.onnx'))).toBe(true);
  }, 60_000);

  it('runs against the store the environment names', async () => {
    const { stdout } = await runPipeline(workDir, { MLOPS_STORE: 'memory', MLOPS_MODELS_DIR: 'other-models' });
    expect(stdout).toMatch(/in-memory store, files other-models/);
    expect(stdout).toMatch(/registered\s+version 1/);
    expect(existsSync(path.join(workDir, 'other-models', 'deployments', 'seattle-weather-clusters', 'Test', 'seattle-weather-kmeans.onnx'))).toBe(true);
  }, 60_000);
});
