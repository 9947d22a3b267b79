import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

// The bin runs from source in a child process: tsx loads the TypeScript, and the source
// condition resolves the workspace packages, as the tests do.
const packageRoot = path.resolve(fileURLToPath(import.meta.url), '../..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const bin = path.join(packageRoot, 'src/bin.ts');
const writer = { name: 'trainer', token: 'bin-writer-token-0123456789', scope: 'write' };

let folder: string;
beforeAll(async () => {
  // Inside the package, so that loadContext finds @mlops-ts/sqlite in its node_modules, as in a project that installed it.
  await mkdir(path.join(packageRoot, 'node_modules/.cache'), { recursive: true });
  folder = await mkdtemp(path.join(packageRoot, 'node_modules/.cache/mlops-server-bin-'));
  await writeFile(
    path.join(folder, 'mlops.config.json'),
    JSON.stringify({ store: { provider: 'sqlite', options: { path: 'data/mlops.db' } }, repository: { provider: 'local', options: { rootDir: 'data/models' } } }),
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function startBin(args: string[], env: Record<string, string> = {}): { child: ChildProcess; ready: Promise<string>; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--conditions=@mlops-ts/source', '--import', tsx, bin, ...args], {
    cwd: folder,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += String(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    void exited.then(({ code }) => reject(new Error(`mlops-server exited with ${code} before listening: ${stderr}`)));
  });
  // Tests of a refused start only await the exit.
  ready.catch(() => undefined);
  return { child, ready, exited };
}

test('mlops-server serves the configured store with tokens from the environment, records no run context of its own, and stops on SIGTERM', { timeout: 60_000 }, async () => {
  const { child, ready, exited } = startBin(['--port', '0'], { MLOPS_SERVER_TOKENS: JSON.stringify([writer]) });
  const url = await ready;
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const headers = { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' };
  expect((await fetch(`${url}/health`)).status).toBe(200);
  expect((await fetch(`${url}/api/v1/experiments`)).status).toBe(401);
  const experiment = (await (await fetch(`${url}/api/v1/experiments`, { method: 'POST', headers, body: JSON.stringify({ name: 'from-bin' }) })).json()) as { id: string };
  const run = (await (await fetch(`${url}/api/v1/runs`, { method: 'POST', headers, body: JSON.stringify({ experimentId: experiment.id }) })).json()) as { tags: object; gitCommit: string | null };
  expect(run.tags).toEqual({});
  expect(run.gitCommit).toBeNull();
  child.kill('SIGTERM');
  expect((await exited).code).toBe(0);
});

test('mlops-server refuses to serve the network without tokens, and says how to fix it', { timeout: 60_000 }, async () => {
  const { exited } = startBin(['--host', '0.0.0.0', '--port', '0']);
  const { code, stderr } = await exited;
  expect(code).toBe(1);
  expect(stderr).toContain('INVALID_ARGUMENT');
  expect(stderr).toContain('--allow-unauthenticated');
});

test('mlops-server does not repeat tokens that are not valid JSON', { timeout: 60_000 }, async () => {
  const { exited } = startBin(['--port', '0'], { MLOPS_SERVER_TOKENS: '[{"name": "ci", "token": "s3cret-value-never-shown"' });
  const { code, stderr } = await exited;
  expect(code).toBe(1);
  expect(stderr).toContain('MLOPS_SERVER_TOKENS is not valid JSON');
  expect(stderr).not.toContain('s3cret-value-never-shown');
});
