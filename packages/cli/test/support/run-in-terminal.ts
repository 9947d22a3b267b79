import { spawn } from 'node:child_process';
import { binPath, type MlopsResult } from './run-mlops.js';

const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * Runs the built `mlops` in a pseudo-terminal (util-linux `script`), as a person at a
 * terminal would: stdin, stdout and stderr are all the terminal, so `stdout` holds both,
 * with every escape sequence written. `input` is typed in.
 */
export function runInTerminal(args: readonly string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<MlopsResult> {
  const env: Record<string, string | undefined> = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MLOPS_') && name !== 'NO_COLOR' && name !== 'FORCE_COLOR' && name !== 'NODE_OPTIONS'));
  Object.assign(env, { TERM: 'xterm-256color', COLUMNS: '120', LINES: '40' }, options.env);
  const command = [process.execPath, binPath, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, exitCode: code ?? -1 }));
    child.stdin.end(options.input ?? '');
  });
}
