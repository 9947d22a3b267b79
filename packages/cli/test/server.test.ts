import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { binPath, runMlops, temporaryProject } from './support/run-mlops.js';

const project = temporaryProject();
afterAll(() => project.remove());

/** Starts `mlops server …` and resolves with its URL once it printed its ready line. */
function startServer(args: string[], cwd: string) {
  const child = spawn(process.execPath, [binPath, 'server', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('close', () => reject(new Error(`mlops server exited before it was ready: ${output}`)));
  });
  return { child, exited, ready };
}

it('mlops server serves /health and the API of the configured store until SIGTERM, then exits 0', async () => {
  const cwd = project.folder;
  expect((await runMlops(['experiments', 'create', 'iris'], { cwd })).exitCode).toBe(0);
  const { child, exited, ready } = startServer(['--port', '0', '--log-level', 'warn'], cwd);
  try {
    const url = await ready;
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const experiments = (await (await fetch(`${url}/api/v1/experiments`)).json()) as { experiments: { name: string }[] };
    expect(experiments.experiments.map((experiment) => experiment.name)).toEqual(['iris']);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

it('mlops server with a tokens file refuses requests without a token and accepts the token', async () => {
  const cwd = project.folder;
  writeFileSync(path.join(cwd, 'tokens.json'), JSON.stringify([{ name: 'ci', token: 's3cret-token-value', scope: 'read' }]));
  const { child, exited, ready } = startServer(['--port', '0', '--tokens-file', 'tokens.json', '--log-level', 'silent'], cwd);
  try {
    const url = await ready;
    expect((await fetch(`${url}/api/v1/experiments`)).status).toBe(401);
    expect((await fetch(`${url}/api/v1/experiments`, { headers: { authorization: 'Bearer s3cret-token-value' } })).status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

it('mlops server refuses a configuration that names a tracking server, with exit status 3', async () => {
  const result = await runMlops(['server', '--port', '0'], { cwd: project.folder, env: { MLOPS_TRACKING_URI: 'http://127.0.0.1:9' } });
  expect(result.exitCode).toBe(3);
  expect(result.stderr).toContain('needs a store and a repository of its own');
});
