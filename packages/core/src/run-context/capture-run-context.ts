import os from 'node:os';
import path from 'node:path';
import type { Tags } from '../spec/v1/tags.js';
import { limits, validateName } from '../validation.js';
import { findNearestPackageJson, readDependenciesOfManifest } from '../catalogs/package-dependencies.js';
import { detectCiEnvironment, type CiEnvironment } from './ci-environment.js';
import { GitContextReader } from './git-context.js';
import { runContextTags } from './run-context-tags.js';
import type { RunContextOptions } from './run-context-options.js';

/** What `createRun` adds to a run by itself. */
export interface CapturedRunContext {
  /** Reserved `mlops.*` tags (see `runContextTags`); user-given tags override them. */
  tags: Tags;
  /** The commit, for `Run.gitCommit` when the caller gave none. */
  gitCommit: string | undefined;
  /** The packages to record for the run (empty records none). */
  packageDependencies: { name: string; version: string }[];
}

/** The process state a capture reads; tests pass their own. */
export interface RunContextEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** The entry script, `process.argv[1]`. */
  readonly entryScript: string | undefined;
  /** The default working folder, `process.cwd()`. */
  readonly workingDirectory: string;
}

const processEnvironment: RunContextEnvironment = {
  get env() {
    return process.env;
  },
  get entryScript() {
    return process.argv[1];
  },
  get workingDirectory() {
    return process.cwd();
  },
};

const emptyContext: CapturedRunContext = { tags: {}, gitCommit: undefined, packageDependencies: [] };

/** What cannot change while the process runs, per working folder. */
interface FolderContext {
  git: GitContextReader;
  project: Promise<{ manifestPath?: string; sourceName?: string }>;
  dependencies: Map<string, Promise<{ name: string; version: string }[]>>;
}

/**
 * Captures the context of new runs. Facts that cannot change while a process runs (user,
 * host, CI build, entry script, project, remote, installed packages) are read once per
 * working folder; the commit, branch and dirty flag are re-read for each run (see
 * `GitContextReader`). Never rejects: what cannot be read is left out.
 */
export class RunContextCapturer {
  readonly #folders = new Map<string, FolderContext>();
  #processFacts: { user?: string; host?: string; ci?: CiEnvironment } | undefined;
  #hasWarned = false;

  constructor(private readonly environment: RunContextEnvironment = processEnvironment) {}

  async capture(options: RunContextOptions = {}): Promise<CapturedRunContext> {
    try {
      return await this.#capture(options);
    } catch (error) {
      // Every expected gap (no git, no repository, no package.json) is handled below; this is a bug, said once.
      if (!this.#hasWarned) {
        this.#hasWarned = true;
        process.emitWarning(`Recording the run context failed, runs are created without it: ${String(error)}`, { code: 'MLOPS_RUN_CONTEXT' });
      }
      return emptyContext;
    }
  }

  async #capture(options: RunContextOptions): Promise<CapturedRunContext> {
    const workingDirectory = path.resolve(options.workingDirectory ?? this.environment.workingDirectory);
    const folder = this.#folder(workingDirectory);
    const facts = (this.#processFacts ??= this.#readProcessFacts());
    const [git, project, packageDependencies] = await Promise.all([
      folder.git.read(),
      folder.project,
      this.#dependencies(folder, options.packageDependencies ?? 'production'),
    ]);
    const ci = facts.ci;
    const commit = git.commit ?? ci?.commit;
    // The CI build's branch only describes the working folder when it is at the build's commit.
    const branch = git.branch ?? (git.commit === undefined || git.commit === ci?.commit ? ci?.branch : undefined);
    const tags = tagsOf({
      [runContextTags.gitCommit]: commit,
      [runContextTags.gitBranch]: branch,
      [runContextTags.gitDirty]: git.isDirty === undefined ? undefined : String(git.isDirty),
      [runContextTags.gitRemote]: git.remoteUrl ?? ci?.remoteUrl,
      [runContextTags.sourceName]: project.sourceName,
      [runContextTags.ciProvider]: ci?.provider,
      [runContextTags.ciRunUrl]: ci?.runUrl,
      [runContextTags.user]: facts.user,
      [runContextTags.host]: facts.host,
    });
    const gitCommit = tags[runContextTags.gitCommit];
    return { tags, gitCommit: gitCommit !== undefined && isValidName(gitCommit, limits.name) ? gitCommit : undefined, packageDependencies };
  }

  #folder(workingDirectory: string): FolderContext {
    let folder = this.#folders.get(workingDirectory);
    if (folder === undefined) {
      folder = {
        git: new GitContextReader(workingDirectory, this.environment.env),
        project: this.#readProject(workingDirectory),
        dependencies: new Map(),
      };
      this.#folders.set(workingDirectory, folder);
    }
    return folder;
  }

  #readProcessFacts(): { user?: string; host?: string; ci?: CiEnvironment } {
    const env = this.environment.env;
    return { user: readUser(env), host: readHost(), ci: detectCiEnvironment(env) };
  }

  async #readProject(workingDirectory: string): Promise<{ manifestPath?: string; sourceName?: string }> {
    const manifestPath = await findNearestPackageJson(workingDirectory).catch(() => undefined);
    const projectDirectory = manifestPath === undefined ? workingDirectory : path.dirname(manifestPath);
    return { manifestPath, sourceName: describeEntryScript(this.environment.entryScript, projectDirectory) };
  }

  #dependencies(folder: FolderContext, selection: 'production' | 'all' | 'none'): Promise<{ name: string; version: string }[]> {
    if (selection === 'none') return Promise.resolve([]);
    let dependencies = folder.dependencies.get(selection);
    if (dependencies === undefined) {
      dependencies = folder.project.then(async ({ manifestPath }) =>
        manifestPath === undefined ? [] : keepValidDependencies(await readDependenciesOfManifest(manifestPath, selection)),
      ).catch(() => []);
      folder.dependencies.set(selection, dependencies);
    }
    return dependencies;
  }
}

/** The capturer every context of the process shares, so each folder is read once. */
export const runContextCapturer = new RunContextCapturer();

function readUser(env: NodeJS.ProcessEnv): string | undefined {
  const override = env.MLOPS_USER?.trim();
  if (override) return override;
  try {
    return os.userInfo().username || undefined;
  } catch {
    // A container user with no entry in /etc/passwd.
    return env.USER || env.USERNAME || undefined;
  }
}

function readHost(): string | undefined {
  try {
    return os.hostname() || undefined;
  } catch {
    return undefined;
  }
}

/** The entry script relative to the project folder, with '/' separators; absolute when outside it. */
function describeEntryScript(entryScript: string | undefined, projectDirectory: string): string | undefined {
  if (!entryScript) return undefined;
  const absolute = path.resolve(entryScript);
  const relative = path.relative(projectDirectory, absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return absolute;
  return relative.split(path.sep).join('/');
}

/** Facts that would not pass tag validation (too long, a control character) are left out rather than failing the run. */
function tagsOf(candidates: Record<string, string | undefined>): Tags {
  const tags: Tags = {};
  for (const [key, value] of Object.entries(candidates)) {
    if (value !== undefined && isValidName(value, limits.tagValue)) tags[key] = value;
  }
  return tags;
}

function keepValidDependencies(dependencies: { name: string; version: string }[]): { name: string; version: string }[] {
  return dependencies.filter(({ name, version }) => isValidName(name, limits.name) && version.length <= limits.name);
}

function isValidName(value: string, maxLength: number): boolean {
  try {
    validateName('value', value, maxLength);
    return true;
  } catch {
    return false;
  }
}
