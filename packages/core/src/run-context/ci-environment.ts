import { definedOnly } from './defined-only.js';
import { removeCredentials } from './remote-url.js';

/** What a CI service says about the build that runs the code. */
export interface CiEnvironment {
  /** The service: 'github-actions', 'gitlab' or 'azure-pipelines'. */
  provider: 'github-actions' | 'gitlab' | 'azure-pipelines';
  /** The commit being built. */
  commit?: string;
  /** The branch being built (a pull or merge request's source branch); none for a tag build. */
  branch?: string;
  /** The repository's address, without credentials. */
  remoteUrl?: string;
  /** A link to the build's page. */
  runUrl?: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the variables GitHub Actions, GitLab CI and Azure Pipelines set for every job.
 * Returns undefined outside those services.
 */
export function detectCiEnvironment(env: Environment): CiEnvironment | undefined {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  if (read('GITHUB_ACTIONS') === 'true') return readGitHubActions(read);
  if (read('GITLAB_CI') === 'true') return readGitLab(read);
  if (read('TF_BUILD')?.toLowerCase() === 'true') return readAzurePipelines(read);
  return undefined;
}

type Read = (name: string) => string | undefined;

function readGitHubActions(read: Read): CiEnvironment {
  const server = read('GITHUB_SERVER_URL') ?? 'https://github.com';
  const repository = read('GITHUB_REPOSITORY');
  const runId = read('GITHUB_RUN_ID');
  // GITHUB_HEAD_REF is set for pull requests only; GITHUB_REF_NAME is a tag's name on tag builds.
  const branch = read('GITHUB_HEAD_REF') ?? (read('GITHUB_REF_TYPE') === 'branch' ? read('GITHUB_REF_NAME') : undefined);
  return definedOnly<CiEnvironment>({
    provider: 'github-actions',
    commit: read('GITHUB_SHA'),
    branch,
    remoteUrl: repository ? removeCredentials(`${server}/${repository}`) : undefined,
    runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined,
  });
}

function readGitLab(read: Read): CiEnvironment {
  const remote = read('CI_REPOSITORY_URL') ?? read('CI_PROJECT_URL');
  return definedOnly<CiEnvironment>({
    provider: 'gitlab',
    commit: read('CI_COMMIT_SHA'),
    branch: read('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ?? read('CI_COMMIT_BRANCH'),
    remoteUrl: remote ? removeCredentials(remote) : undefined,
    runUrl: read('CI_JOB_URL') ?? read('CI_PIPELINE_URL'),
  });
}

function readAzurePipelines(read: Read): CiEnvironment {
  // BUILD_SOURCEBRANCHNAME keeps only the last segment ('feature/x' gives 'x'): use the full ref.
  const ref = read('SYSTEM_PULLREQUEST_SOURCEBRANCH') ?? read('BUILD_SOURCEBRANCH');
  const branch = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref?.startsWith('refs/') ? undefined : ref;
  const collection = read('SYSTEM_COLLECTIONURI');
  const project = read('SYSTEM_TEAMPROJECT');
  const buildId = read('BUILD_BUILDID');
  const remote = read('BUILD_REPOSITORY_URI');
  return definedOnly<CiEnvironment>({
    provider: 'azure-pipelines',
    commit: read('BUILD_SOURCEVERSION'),
    branch,
    remoteUrl: remote ? removeCredentials(remote) : undefined,
    runUrl: collection && project && buildId
      ? `${collection.endsWith('/') ? collection : `${collection}/`}${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(buildId)}`
      : undefined,
  });
}
