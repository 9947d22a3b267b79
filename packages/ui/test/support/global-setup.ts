import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { openStore, seedStore, type Seeded, type StorePaths } from './seed.js';

export const uiTokens = {
  writer: { name: 'ci-writer', token: 'ui-writer-token-0123456789abcdef', scope: 'write' },
  reader: { name: 'dashboard', token: 'ui-reader-token-0123456789abcdef', scope: 'read' },
} as const;

declare module 'vitest' {
  export interface ProvidedContext {
    ui: { url: string; paths: StorePaths; seeded: Seeded };
  }
}

const packageRoot = path.resolve(fileURLToPath(import.meta.url), '../../..');
const serverBin = path.resolve(packageRoot, '../server/src/bin.ts');

/**
 * Seeds a SQLite store with the library, then starts the real `mlops-server --ui` in a child
 * process over it (from source, with tsx), with a write and a read token. One server for
 * every browser suite of the package; stopped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(packageRoot, 'dist/app/index.html'))) {
    throw new Error('The web UI is not built: run pnpm --filter @mlops-ts/ui build (pnpm test builds it first).');
  }
  // Inside the package, so that the server's loadContext finds @mlops-ts/sqlite as in a project that installed it.
  await mkdir(path.join(packageRoot, 'node_modules/.cache'), { recursive: true });
  const folder = await mkdtemp(path.join(packageRoot, 'node_modules/.cache/mlops-ui-test-'));
  const paths: StorePaths = { databasePath: path.join(folder, 'mlops.db'), modelsPath: path.join(folder, 'models') };
  const mlops = await openStore(paths);
  const seeded = await seedStore(mlops);
  await mlops.close();
  await writeFile(path.join(folder, 'mlops.config.json'), JSON.stringify({ store: { provider: 'sqlite', options: { path: 'mlops.db' } }, repository: { provider: 'local', options: { rootDir: 'models' } } }));
  const { child, url } = await startServer(folder);
  project.provide('ui', { url, paths, seeded });
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(folder, { recursive: true, force: true });
  };
}

async function startServer(folder: string): Promise<{ child: ChildProcess; url: string }> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--conditions=@mlops-ts/source', '--import', tsx, serverBin, '--port', '0', '--ui', '--log-level', 'warn'], {
    cwd: folder,
    env: { ...process.env, MLOPS_SERVER_TOKENS: JSON.stringify([uiTokens.writer, uiTokens.reader]) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found) resolve(found);
    });
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', (code) => reject(new Error(`mlops-server --ui exited with ${code} before listening: ${output}`)));
  });
  return { child, url };
}
