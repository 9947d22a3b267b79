import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a git repository's HEAD from its files, without starting `git`: a run records its
 * commit on every `createRun`, and two small file reads cost tens of microseconds where
 * starting `git rev-parse` costs milliseconds (see bench/run-context.bench.js). The reads
 * are synchronous: for files of a few bytes, each trip through the thread pool of an
 * asynchronous read cost ten times the read itself on a busy machine (300 µs against 35 µs).
 */

/** Where a working tree keeps its git data. */
export interface GitRepository {
  /** The top folder of the working tree. */
  workTree: string;
  /** This working tree's git folder (`.git`, or `.git/worktrees/<name>` for a linked worktree). */
  gitDir: string;
  /** The folder shared by all worktrees, holding branches and packed refs. */
  commonDir: string;
}

/** What HEAD names. Both are absent in a layout this reader does not know. */
export interface GitHead {
  /** The full commit id; absent on a branch with no commit yet. */
  commit?: string;
  /** The branch checked out; absent when HEAD is detached. */
  branch?: string;
}

const commitId = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const maxSymbolicRefDepth = 5;

/** Finds the repository holding `startDir`, walking up to the file system root. */
export function findGitRepository(startDir: string): GitRepository | undefined {
  for (let dir = path.resolve(startDir); ; ) {
    const dotGit = path.join(dir, '.git');
    const gitDir = resolveDotGit(dotGit);
    if (gitDir !== undefined) {
      const commonDir = readTextFile(path.join(gitDir, 'commondir'));
      return { workTree: dir, gitDir, commonDir: commonDir === undefined ? gitDir : path.resolve(gitDir, commonDir.trim()) };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The commit and branch HEAD names, from HEAD, loose refs and packed-refs. Returns
 * undefined when the layout is one this reader does not know (e.g. the reftable format),
 * so that the caller can ask `git` instead.
 */
export function readGitHead(repository: GitRepository): GitHead | undefined {
  const head = readTextFile(path.join(repository.gitDir, 'HEAD'))?.trim();
  if (head === undefined) return undefined;
  if (commitId.test(head)) return { commit: head };
  const branchRef = symbolicTarget(head);
  // Repositories in the reftable format keep a placeholder 'refs/heads/.invalid' in HEAD.
  if (branchRef === undefined || branchRef === 'refs/heads/.invalid') return undefined;
  const branch = branchRef.startsWith('refs/heads/') ? branchRef.slice('refs/heads/'.length) : branchRef;
  const commit = resolveRef(repository, branchRef, 0);
  return commit === undefined ? { branch } : { commit, branch };
}

/** The state of the index file, which changes on add, commit, checkout, reset and stash. */
export function readIndexSignature(repository: GitRepository): string {
  try {
    const index = statSync(path.join(repository.gitDir, 'index'));
    return `${index.mtimeMs}:${index.size}`;
  } catch {
    return 'none';
  }
}

function resolveRef(repository: GitRepository, ref: string, depth: number): string | undefined {
  if (depth > maxSymbolicRefDepth) return undefined;
  // Per-worktree refs live in the worktree's git folder, branches in the common one.
  for (const dir of new Set([repository.gitDir, repository.commonDir])) {
    const loose = readTextFile(path.join(dir, ...ref.split('/')))?.trim();
    if (loose === undefined) continue;
    if (commitId.test(loose)) return loose;
    const target = symbolicTarget(loose);
    return target === undefined ? undefined : resolveRef(repository, target, depth + 1);
  }
  const packed = readTextFile(path.join(repository.commonDir, 'packed-refs'));
  for (const line of packed?.split('\n') ?? []) {
    // Lines are '<id> <ref>'; '#' starts the header, '^' the peeled id of an annotated tag.
    const [id, name] = line.trim().split(' ');
    if (name === ref && id !== undefined && commitId.test(id)) return id;
  }
  return undefined;
}

function symbolicTarget(content: string): string | undefined {
  return content.startsWith('ref:') ? content.slice('ref:'.length).trim() || undefined : undefined;
}

/** `.git` is a folder, or (in linked worktrees and submodules) a file saying `gitdir: <path>`. */
function resolveDotGit(dotGit: string): string | undefined {
  try {
    const info = statSync(dotGit);
    if (info.isDirectory()) return (isFile(path.join(dotGit, 'HEAD'))) ? dotGit : undefined;
    if (!info.isFile()) return undefined;
  } catch {
    return undefined;
  }
  const pointer = readTextFile(dotGit)?.trim();
  if (!pointer?.startsWith('gitdir:')) return undefined;
  const gitDir = path.resolve(path.dirname(dotGit), pointer.slice('gitdir:'.length).trim());
  return isFile(path.join(gitDir, 'HEAD')) ? gitDir : undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function readTextFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
