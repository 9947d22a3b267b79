import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepository, git, isolatedGitEnv, temporaryFolder, writeFiles } from '../../test/support/git-fixtures.js';
import { RunContextCapturer, type RunContextEnvironment } from './capture-run-context.js';

const manifest = JSON.stringify({
  name: 'churn-model',
  dependencies: { 'ml-cart': '^2.1.0', '@acme/features': '^1.0.0' },
  optionalDependencies: { 'fast-csv': '^5.0.0' },
  devDependencies: { vitest: '^4.1.0' },
});

/** A project folder with a package.json, installed packages and an entry script. */
const projectFiles = {
  'package.json': manifest,
  'node_modules/ml-cart/package.json': JSON.stringify({ name: 'ml-cart', version: '2.1.1' }),
  'node_modules/@acme/features/package.json': JSON.stringify({ name: '@acme/features', version: '1.4.0' }),
  'node_modules/vitest/package.json': JSON.stringify({ name: 'vitest', version: '4.1.12' }),
  'src/train.ts': 'train();\n',
  '.gitignore': 'node_modules\n',
};

describe('RunContextCapturer', () => {
  let root: string;
  let environment: { env: NodeJS.ProcessEnv; entryScript: string | undefined; workingDirectory: string };
  const capturer = (overrides: Partial<RunContextEnvironment> = {}) => new RunContextCapturer({ ...environment, ...overrides });

  beforeEach(async () => {
    root = await temporaryFolder('mlops-run-context-');
    environment = { env: { ...isolatedGitEnv, MLOPS_USER: 'ada' }, entryScript: path.join(root, 'src', 'train.ts'), workingDirectory: root };
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('records git, source, user and host as mlops.* tags and the production dependencies with installed versions', async () => {
    const commit = await createRepository(root, projectFiles);
    git(root, 'remote', 'add', 'origin', 'https://bot:token@git.example/team/churn.git');
    const context = await capturer().capture();
    expect(context.tags).toEqual({
      'mlops.source.git.commit': commit,
      'mlops.source.git.branch': 'main',
      'mlops.source.git.dirty': 'false',
      'mlops.source.git.remote': 'https://git.example/team/churn.git',
      'mlops.source.name': 'src/train.ts',
      'mlops.user': 'ada',
      'mlops.host': os.hostname(),
    });
    expect(context.gitCommit).toBe(commit);
    expect(context.packageDependencies).toEqual([
      { name: '@acme/features', version: '1.4.0' },
      { name: 'fast-csv', version: '^5.0.0' },
      { name: 'ml-cart', version: '2.1.1' },
    ]);
  });

  it("adds devDependencies when asked, and records none with 'none'", async () => {
    await writeFiles(root, projectFiles);
    const all = await capturer().capture({ packageDependencies: 'all' });
    expect(all.packageDependencies.map((dependency) => dependency.name)).toEqual(['@acme/features', 'fast-csv', 'ml-cart', 'vitest']);
    expect(all.packageDependencies.find((dependency) => dependency.name === 'vitest')?.version).toBe('4.1.12');
    expect((await capturer().capture({ packageDependencies: 'none' })).packageDependencies).toEqual([]);
  });

  it('names the entry script relative to the nearest package.json, from a subfolder too', async () => {
    await writeFiles(root, projectFiles);
    const context = await capturer({ workingDirectory: path.join(root, 'src') }).capture();
    expect(context.tags['mlops.source.name']).toBe('src/train.ts');
  });

  it('gives the absolute path of an entry script outside the project, and no name in a REPL', async () => {
    await writeFiles(root, projectFiles);
    const outside = path.join(os.tmpdir(), 'elsewhere', 'notebook.js');
    expect((await capturer({ entryScript: outside }).capture()).tags['mlops.source.name']).toBe(outside);
    expect((await capturer({ entryScript: undefined }).capture()).tags['mlops.source.name']).toBeUndefined();
  });

  it('with no git, no repository and no package.json still gives user, host and source, and no dependencies', async () => {
    const context = await capturer({ env: { PATH: path.join(root, 'no-such-bin'), MLOPS_USER: 'ada' } }).capture();
    expect(context).toEqual({
      tags: { 'mlops.source.name': 'src/train.ts', 'mlops.user': 'ada', 'mlops.host': os.hostname() },
      gitCommit: undefined,
      packageDependencies: [],
    });
  });

  it('survives a package.json that is not JSON and an installed package.json that is not either', async () => {
    await writeFiles(root, { ...projectFiles, 'node_modules/ml-cart/package.json': '{ broken' });
    const brokenInstall = await capturer().capture();
    expect(brokenInstall.packageDependencies.find((dependency) => dependency.name === 'ml-cart')).toEqual({ name: 'ml-cart', version: '^2.1.0' });
    await writeFile(path.join(root, 'package.json'), '{ "dependencies": ');
    const broken = await capturer().capture();
    expect(broken.packageDependencies).toEqual([]);
    expect(broken.tags['mlops.source.name']).toBe('src/train.ts');
  });

  it('skips a package.json that cannot be read as a file and finds the one above', async () => {
    await writeFiles(root, projectFiles);
    await mkdir(path.join(root, 'src', 'package.json'));
    const context = await capturer({ workingDirectory: path.join(root, 'src') }).capture();
    expect(context.packageDependencies.map((dependency) => dependency.name)).toContain('ml-cart');
  });

  it('takes the user name from the operating system when MLOPS_USER is not set', async () => {
    const context = await capturer({ env: { ...isolatedGitEnv } }).capture();
    expect(context.tags['mlops.user']).toBe(os.userInfo().username);
  });

  it('fills commit, branch and remote from the CI build when the folder is not a repository', async () => {
    const env = { ...environment.env, GITLAB_CI: 'true', CI_COMMIT_SHA: 'a'.repeat(40), CI_COMMIT_BRANCH: 'main', CI_REPOSITORY_URL: 'https://gitlab-ci-token:x@gl.example/t/r.git', CI_JOB_URL: 'https://gl.example/t/r/-/jobs/1' };
    const context = await capturer({ env }).capture();
    expect(context.tags).toMatchObject({
      'mlops.source.git.commit': 'a'.repeat(40),
      'mlops.source.git.branch': 'main',
      'mlops.source.git.remote': 'https://gl.example/t/r.git',
      'mlops.source.ci.provider': 'gitlab',
      'mlops.source.ci.url': 'https://gl.example/t/r/-/jobs/1',
    });
    expect(context.tags['mlops.source.git.dirty']).toBeUndefined();
    expect(context.gitCommit).toBe('a'.repeat(40));
  });

  it("prefers the working folder's git over the CI build, and names the CI branch only at the CI build's commit", async () => {
    const commit = await createRepository(root, projectFiles);
    git(root, 'checkout', '--quiet', '--detach');
    const ci = { ...environment.env, GITHUB_ACTIONS: 'true', GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'release', GITHUB_REPOSITORY: 'acme/churn' };
    const elsewhere = await capturer({ env: { ...ci, GITHUB_SHA: 'b'.repeat(40) } }).capture();
    expect(elsewhere.tags['mlops.source.git.commit']).toBe(commit);
    expect(elsewhere.tags['mlops.source.git.branch']).toBeUndefined();
    expect(elsewhere.tags['mlops.source.git.remote']).toBe('https://github.com/acme/churn');
    const same = await capturer({ env: { ...ci, GITHUB_SHA: commit } }).capture();
    expect(same.tags['mlops.source.git.branch']).toBe('release');
  });

  it('reads a folder once per process (a later package.json edit is not seen) but re-reads the commit for every run', async () => {
    const first = await createRepository(root, projectFiles);
    const shared = capturer();
    expect((await shared.capture()).gitCommit).toBe(first);
    await writeFiles(root, { 'package.json': JSON.stringify({ dependencies: { other: '1.0.0' } }), 'src/train.ts': 'train(2);\n' });
    git(root, 'commit', '--quiet', '--no-gpg-sign', '-am', 'second');
    const second = await shared.capture();
    expect(second.gitCommit).toBe(git(root, 'rev-parse', 'HEAD'));
    expect(second.gitCommit).not.toBe(first);
    expect(second.packageDependencies.map((dependency) => dependency.name)).toContain('ml-cart');
  });

  it('leaves out a fact that would not be a valid tag value instead of failing', async () => {
    const context = await capturer({ env: { ...environment.env, MLOPS_USER: 'ada\nlovelace' } }).capture();
    expect(context.tags['mlops.user']).toBeUndefined();
    expect(context.tags['mlops.host']).toBe(os.hostname());
  });
});
