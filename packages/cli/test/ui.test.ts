import { spawn } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { binPath, runMlops, temporaryProject } from './support/run-mlops.js';

const project = temporaryProject();
afterAll(() => project.remove());

it('mlops ui serves the web UI at / and the API of the configured store until SIGTERM, then exits 0', async () => {
  const cwd = project.folder;
  expect((await runMlops(['experiments', 'create', 'iris'], { cwd })).exitCode).toBe(0);
  const child = spawn(process.execPath, [binPath, 'ui', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /UI on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.once('close', () => reject(new Error(`mlops ui exited before it was ready: ${output}`)));
    });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>MLOps.ts</title>');
    const experiments = (await (await fetch(`${url}/api/v1/experiments`)).json()) as { experiments: { name: string }[] };
    expect(experiments.experiments.map((experiment) => experiment.name)).toEqual(['iris']);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
