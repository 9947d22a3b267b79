import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { linearRegressionToOnnx } from '@mlops-ts/onnx/export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, runMlops, temporaryProject } from './support/run-mlops.js';

const project = temporaryProject();
const cwd = project.folder;
beforeAll(async () => {
  // y = 2x, a real ONNX model made with the package's own converter.
  writeFileSync(path.join(cwd, 'model.onnx'), linearRegressionToOnnx({ weights: [[2], [0]], inputs: 1, outputs: 1, intercept: true }));
  const runId = (await runMlops(['runs', 'create', 'doubling'], { cwd })).stdout.trim();
  for (const args of [['artifacts', 'upload', runId, 'model.onnx'], ['register', runId, 'model.onnx', '--model', 'doubler'], ['targets', 'create', 'Test'], ['deploy', 'doubler', 'latest', '--to', 'Test']]) {
    const result = await runMlops(args, { cwd });
    expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
});
afterAll(() => project.remove());

describe('serve', () => {
  it('serves the deployed model over HTTP until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [binPath, 'serve', 'doubler', '--target', 'Test', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          const match = /on (http:\/\/127\.0\.0\.1:\d+) /.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once('close', () => reject(new Error(`mlops serve exited before it was ready: ${output}`)));
      });
      const response = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ X: [[3]] }) });
      expect(response.status).toBe(200);
      expect(JSON.stringify(await response.json())).toMatch(/6/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
