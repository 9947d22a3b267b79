import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built executable the tests run. */
export const binPath = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** What one run of `mlops` did. */
export interface MlopsResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** The working folder. */
  cwd: string;
  /** Variables added to (or, when undefined, removed from) the environment. */
  env?: Record<string, string | undefined>;
  /** Written to standard input, which is then closed. */
  input?: string;
}

/**
 * Runs the built `mlops` as a child process, stdout and stderr being pipes (not a terminal),
 * with no MLOPS_* variable of the test's own environment and no NO_COLOR/FORCE_COLOR.
 */
export function runMlops(args: readonly string[], options: RunOptions): Promise<MlopsResult> {
  const env: Record<string, string | undefined> = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MLOPS_') && name !== 'NO_COLOR' && name !== 'FORCE_COLOR' && name !== 'NODE_OPTIONS'));
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, exitCode: code ?? -1 }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `mlops` and parses its stdout as the one JSON document it must be, failing with stderr when the command failed. */
export async function runMlopsJson<T = any>(args: readonly string[], options: RunOptions): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const result = await runMlops([...args, '--json'], options);
  if (result.exitCode !== 0) throw new Error(`mlops ${args.join(' ')} exited with ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** A temporary project folder (no node_modules, no git), removed by the returned function. */
export function temporaryProject(prefix = 'mlops-cli-'): { folder: string; remove: () => void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
