import { execFile } from 'node:child_process';

/** How long one `git` call may take before the capture goes on without its answer. */
export const gitTimeoutMs = 2_000;

/** What a finished `git` call returned. */
export interface GitResult {
  exitCode: number;
  stdout: string;
}

/**
 * Runs `git` (found on PATH, no shell) in `cwd`. Resolves undefined when git could not
 * run or answer: not installed, timed out, killed. Never rejects.
 */
export function runGit(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<GitResult | undefined> {
  return new Promise((resolve) => {
    try {
      execFile(
        'git',
        args,
        {
          cwd,
          // No prompts for credentials, no index.lock taken by a read (a concurrent `git commit` must not fail), stable wording.
          env: { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
          timeout: gitTimeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: 1024 * 1024,
          windowsHide: true,
          encoding: 'utf8',
        },
        (error, stdout) => {
          if (error === null) resolve({ exitCode: 0, stdout });
          else if (typeof error.code === 'number' && !error.killed) resolve({ exitCode: error.code, stdout });
          else resolve(undefined);
        },
      );
    } catch {
      resolve(undefined);
    }
  });
}
