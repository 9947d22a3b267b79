// Real git repositories in temporary folders for the run-context tests.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** An environment where git reads no user or system configuration and commits need no identity setup. */
export const isolatedGitEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: os.tmpdir(),
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ada',
  GIT_AUTHOR_EMAIL: 'ada@example.com',
  GIT_COMMITTER_NAME: 'Ada',
  GIT_COMMITTER_EMAIL: 'ada@example.com',
};

/** Runs git in `cwd` and returns its trimmed output; throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: isolatedGitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Whether the installed git is at least `major.minor` (false without git). */
export function isGitAtLeast(major: number, minor: number): boolean {
  try {
    const match = /(\d+)\.(\d+)/.exec(git(os.tmpdir(), '--version'));
    return match !== null && (Number(match[1]) > major || (Number(match[1]) === major && Number(match[2]) >= minor));
  } catch {
    return false;
  }
}

/** A new empty temporary folder (its real path, so that comparisons hold where the temp folder is a link). */
export async function temporaryFolder(prefix: string): Promise<string> {
  return realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
}

/** Writes files (relative path → content), creating folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

/** `git init` on branch 'main' with `files` committed; returns the commit id. */
export async function createRepository(root: string, files: Record<string, string> = { 'train.ts': 'train();\n' }): Promise<string> {
  git(root, 'init', '--quiet', '--initial-branch=main');
  await writeFiles(root, files);
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--no-gpg-sign', '-m', 'first');
  return git(root, 'rev-parse', 'HEAD');
}
