import { describe, expect, it } from 'vitest';
import { detectCiEnvironment } from './ci-environment.js';

const sha = '4e1243bd22c66e76c2ba9eddc1f91394e57f9f83';

describe('detectCiEnvironment', () => {
  it('is undefined outside a known CI service', () => {
    expect(detectCiEnvironment({})).toBeUndefined();
    expect(detectCiEnvironment({ CI: 'true', GITHUB_SHA: sha })).toBeUndefined();
  });

  it('reads a GitHub Actions push build', () => {
    expect(
      detectCiEnvironment({
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: sha,
        GITHUB_REF_TYPE: 'branch',
        GITHUB_REF_NAME: 'feature/faster-trees',
        GITHUB_HEAD_REF: '',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/churn',
        GITHUB_RUN_ID: '42',
      }),
    ).toEqual({
      provider: 'github-actions',
      commit: sha,
      branch: 'feature/faster-trees',
      remoteUrl: 'https://github.com/acme/churn',
      runUrl: 'https://github.com/acme/churn/actions/runs/42',
    });
  });

  it("takes a GitHub pull request's source branch, and no branch for a tag build", () => {
    const pullRequest = detectCiEnvironment({ GITHUB_ACTIONS: 'true', GITHUB_HEAD_REF: 'fix-loss', GITHUB_REF_NAME: '7/merge', GITHUB_REF_TYPE: 'branch' });
    expect(pullRequest?.branch).toBe('fix-loss');
    const tag = detectCiEnvironment({ GITHUB_ACTIONS: 'true', GITHUB_REF_NAME: 'v1.2.0', GITHUB_REF_TYPE: 'tag' });
    expect(tag?.branch).toBeUndefined();
  });

  it('reads GitLab CI and removes the job token from the repository URL', () => {
    const ci = detectCiEnvironment({
      GITLAB_CI: 'true',
      CI_COMMIT_SHA: sha,
      CI_COMMIT_BRANCH: 'main',
      CI_REPOSITORY_URL: 'https://gitlab-ci-token:glcbt-64_secret@gitlab.example.com/team/churn.git',
      CI_JOB_URL: 'https://gitlab.example.com/team/churn/-/jobs/9',
    });
    expect(ci).toEqual({
      provider: 'gitlab',
      commit: sha,
      branch: 'main',
      remoteUrl: 'https://gitlab.example.com/team/churn.git',
      runUrl: 'https://gitlab.example.com/team/churn/-/jobs/9',
    });
    expect(JSON.stringify(ci)).not.toContain('secret');
  });

  it('takes a GitLab merge request source branch, where CI_COMMIT_BRANCH is unset', () => {
    expect(detectCiEnvironment({ GITLAB_CI: 'true', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'mr-branch' })?.branch).toBe('mr-branch');
  });

  it('reads Azure Pipelines, keeping slashes of the branch name', () => {
    expect(
      detectCiEnvironment({
        TF_BUILD: 'True',
        BUILD_SOURCEVERSION: sha,
        BUILD_SOURCEBRANCH: 'refs/heads/feature/x',
        BUILD_SOURCEBRANCHNAME: 'x',
        BUILD_REPOSITORY_URI: 'https://acme@dev.azure.com/acme/Churn%20Model/_git/churn',
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
        SYSTEM_TEAMPROJECT: 'Churn Model',
        BUILD_BUILDID: '311',
      }),
    ).toEqual({
      provider: 'azure-pipelines',
      commit: sha,
      branch: 'feature/x',
      remoteUrl: 'https://dev.azure.com/acme/Churn%20Model/_git/churn',
      runUrl: 'https://dev.azure.com/acme/Churn%20Model/_build/results?buildId=311',
    });
  });

  it('takes an Azure pull request source branch, and no branch for a tag build', () => {
    expect(detectCiEnvironment({ TF_BUILD: 'True', BUILD_SOURCEBRANCH: 'refs/pull/5/merge', SYSTEM_PULLREQUEST_SOURCEBRANCH: 'refs/heads/topic' })?.branch).toBe('topic');
    expect(detectCiEnvironment({ TF_BUILD: 'True', BUILD_SOURCEBRANCH: 'refs/tags/v1' })?.branch).toBeUndefined();
  });
});
