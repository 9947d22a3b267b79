import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Reads a git repository's HEAD from its files, without starting `git`: a run records its
 * commit on every `createRun`, and two small file reads cost tens of microseconds where
 * starting `git rev-parse` costs milliseconds (see bench/run-context.bench.js).
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
export async function findGitRepository(startDir: string): Promise<GitRepository | undefined> {
  for (let dir = path.resolve(startDir); ; ) {
    const dotGit = path.join(dir, '.git');
    const gitDir = await resolveDotGit(dotGit);
    if (gitDir !== undefined) {
      const commonDir = await readTextFile(path.join(gitDir, 'commondir'));
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
export async function readGitHead(repository: GitRepository): Promise<GitHead | undefined> {
  const head = (await readTextFile(path.join(repository.gitDir, 'HEAD')))?.trim();
  if (head === undefined) return undefined;
  if (commitId.test(head)) return { commit: head };
  const branchRef = symbolicTarget(head);
  // Repositories in the reftable format keep a placeholder 'refs/heads/.invalid' in HEAD.
  if (branchRef === undefined || branchRef === 'refs/heads/.invalid') return undefined;
  const branch = branchRef.startsWith('refs/heads/') ? branchRef.slice('refs/heads/'.length) : branchRef;
  const commit = await resolveRef(repository, branchRef, 0);
  return commit === undefined ? { branch } : { commit, branch };
}

/** The state of the index file, which changes on add, commit, checkout, reset and stash. */
export async function readIndexSignature(repository: GitRepository): Promise<string> {
  try {
    const index = await stat(path.join(repository.gitDir, 'index'));
    return `${index.mtimeMs}:${index.size}`;
  } catch {
    return 'none';
  }
}

async function resolveRef(repository: GitRepository, ref: string, depth: number): Promise<string | undefined> {
  if (depth > maxSymbolicRefDepth) return undefined;
  // Per-worktree refs live in the worktree's git folder, branches in the common one.
  for (const dir of new Set([repository.gitDir, repository.commonDir])) {
    const loose = (await readTextFile(path.join(dir, ...ref.split('/'))))?.trim();
    if (loose === undefined) continue;
    if (commitId.test(loose)) return loose;
    const target = symbolicTarget(loose);
    return target === undefined ? undefined : resolveRef(repository, target, depth + 1);
  }
  const packed = await readTextFile(path.join(repository.commonDir, 'packed-refs'));
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
async function resolveDotGit(dotGit: string): Promise<string | undefined> {
  try {
    const info = await stat(dotGit);
    if (info.isDirectory()) return (await isFile(path.join(dotGit, 'HEAD'))) ? dotGit : undefined;
    if (!info.isFile()) return undefined;
  } catch {
    return undefined;
  }
  const pointer = (await readTextFile(dotGit))?.trim();
  if (!pointer?.startsWith('gitdir:')) return undefined;
  const gitDir = path.resolve(path.dirname(dotGit), pointer.slice('gitdir:'.length).trim());
  return (await isFile(path.join(gitDir, 'HEAD'))) ? gitDir : undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function readTextFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
