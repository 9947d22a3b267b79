import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** An empty temporary working folder in which an example's main script runs as a user would run it. */
export interface ExampleFolder {
  /** The folder's absolute path: what the script writes (./mlops, …) lands below it. */
  readonly path: string;
  /**
   * Runs the main script once in the folder (with tsx, as `pnpm start` does) and resolves
   * to what it printed. Runs in the same folder see each other's stores.
   *
   * @param env variables added to this process's environment, e.g. `{ MLOPS_STORE: 'memory' }`.
   * @throws the child-process error, its message holding the script's stderr, when the script exits non-zero.
   */
  run(env?: Record<string, string>): Promise<string>;
  /** Deletes the folder and everything the runs wrote. */
  remove(): Promise<void>;
}

/**
 * Creates an empty temporary folder for an example's main script, so a test sees what a
 * first run creates from nothing.
 *
 * @param mainScript the script, e.g. `new URL('../src/main.ts', import.meta.url)` from a test file.
 * @example
 * const example = await createExampleFolder(new URL('../src/main.ts', import.meta.url));
 * expect(await example.run()).toMatch(/registered\s+version 1/);
 * await example.remove();
 */
export async function createExampleFolder(mainScript: URL): Promise<ExampleFolder> {
  const script = fileURLToPath(mainScript);
  // Resolved here, not on import, so a main script importing this package never needs tsx's path.
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  const folder = await mkdtemp(path.join(os.tmpdir(), `mlops-${path.basename(path.dirname(path.dirname(script)))}-`));
  return {
    path: folder,
    run: async (env = {}) => (await execFileAsync(process.execPath, ['--import', tsxLoader, script], { cwd: folder, env: { ...process.env, ...env } })).stdout,
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}
