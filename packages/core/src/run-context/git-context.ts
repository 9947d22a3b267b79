import { definedOnly } from './defined-only.js';
import { runGit } from './git-command.js';
import { findGitRepository, readGitHead, readIndexSignature, type GitHead, type GitRepository } from './git-repository.js';
import { removeCredentials } from './remote-url.js';

/** What git says about the working folder. Each field is absent when it cannot be known. */
export interface GitContext {
  commit?: string;
  branch?: string;
  /** True when tracked files differ from the commit (staged or not); untracked files do not count. */
  isDirty?: boolean;
  /** The address of the remote 'origin' (else the first remote), without credentials. */
  remoteUrl?: string;
}

/**
 * How long a dirty flag is reused while HEAD and the index stay the same. Editing a
 * tracked file changes neither, so an edit made less than this long after the previous
 * run's check, in the same process, shows at the next check instead.
 */
export const dirtyFlagMaxAgeMs = 1_000;

interface DirtyCheck {
  key: string;
  checkedAt: number;
  isDirty: Promise<boolean | undefined>;
}

/**
 * Reads the git context of one working folder. The repository's location and remote are
 * read once; the commit and branch on every call (two small file reads); the dirty flag
 * with `git diff` when HEAD or the index changed or the last check is older than
 * `dirtyFlagMaxAgeMs` (starting git costs milliseconds).
 */
export class GitContextReader {
  readonly #repository: GitRepository | undefined;
  #remoteUrl: Promise<string | undefined> | undefined;
  #dirtyCheck: DirtyCheck | undefined;

  constructor(
    workingDirectory: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly now: () => number = Date.now,
  ) {
    this.#repository = findGitRepository(workingDirectory);
  }

  async read(): Promise<GitContext> {
    const repository = this.#repository;
    if (repository === undefined) return {};
    this.#remoteUrl ??= this.#readRemoteUrl(repository);
    const head = readGitHead(repository) ?? (await this.#readHeadWithGit(repository));
    const [isDirty, remoteUrl] = await Promise.all([head.commit === undefined ? undefined : this.#isDirty(repository, head.commit), this.#remoteUrl]);
    return definedOnly({ commit: head.commit, branch: head.branch, isDirty, remoteUrl });
  }

  #isDirty(repository: GitRepository, commit: string): Promise<boolean | undefined> {
    const key = `${commit}|${readIndexSignature(repository)}`;
    const previous = this.#dirtyCheck;
    if (previous?.key === key && this.now() - previous.checkedAt < dirtyFlagMaxAgeMs) return previous.isDirty;
    const isDirty = runGit(['diff', '--quiet', '--no-ext-diff', 'HEAD', '--'], repository.workTree, this.env).then((result) =>
      // --quiet exits 1 when something differs, 0 when nothing does; anything else is an error.
      result?.exitCode === 1 ? true : result?.exitCode === 0 ? false : undefined,
    );
    this.#dirtyCheck = { key, checkedAt: this.now(), isDirty };
    return isDirty;
  }

  async #readRemoteUrl(repository: GitRepository): Promise<string | undefined> {
    const result = await runGit(['config', '--get-regexp', '^remote\\..*\\.url$'], repository.workTree, this.env);
    if (result?.exitCode !== 0) return undefined;
    const remotes = new Map<string, string>();
    for (const line of result.stdout.split('\n')) {
      const match = /^remote\.(.+)\.url (.+)$/.exec(line.trim());
      if (match && !remotes.has(match[1]!)) remotes.set(match[1]!, match[2]!);
    }
    const url = remotes.get('origin') ?? remotes.values().next().value;
    return url === undefined ? undefined : removeCredentials(url);
  }

  /** For layouts the file reader does not know (the reftable format). */
  async #readHeadWithGit(repository: GitRepository): Promise<GitHead> {
    const [commit, branch] = await Promise.all([
      runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], repository.workTree, this.env),
      runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], repository.workTree, this.env),
    ]);
    return definedOnly({
      commit: commit?.exitCode === 0 ? commit.stdout.trim() || undefined : undefined,
      branch: branch?.exitCode === 0 ? branch.stdout.trim() || undefined : undefined,
    });
  }
}
