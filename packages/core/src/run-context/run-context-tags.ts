/**
 * The reserved tags where `createRun` records the context a run was started in (MLflow's
 * `mlflow.source.*` and `mlflow.user` are the model). A tag is absent when its fact could
 * not be known. Searchable like any tag, e.g. `tags.mlops.source.git.branch = 'main'`.
 */
export const runContextTags = {
  /** The full id of the commit checked out in the working folder (else the CI build's). */
  gitCommit: 'mlops.source.git.commit',
  /** The branch checked out (else the CI build's); absent on a detached HEAD outside CI. */
  gitBranch: 'mlops.source.git.branch',
  /** 'true' when tracked files differed from the commit (untracked files do not count), else 'false'. */
  gitDirty: 'mlops.source.git.dirty',
  /** The address of the remote 'origin' (else the first remote, else the CI build's), credentials removed. */
  gitRemote: 'mlops.source.git.remote',
  /** The entry script (`process.argv[1]`) relative to the project folder (the nearest package.json's). */
  sourceName: 'mlops.source.name',
  /** The CI service: 'github-actions', 'gitlab' or 'azure-pipelines'. */
  ciProvider: 'mlops.source.ci.provider',
  /** A link to the CI build's page. */
  ciRunUrl: 'mlops.source.ci.url',
  /** Who started the run: `MLOPS_USER`, else the operating system's user name. */
  user: 'mlops.user',
  /** The machine's host name. */
  host: 'mlops.host',
} as const;
