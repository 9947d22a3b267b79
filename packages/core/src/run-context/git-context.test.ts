import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepository, git, isolatedGitEnv, temporaryFolder, writeFiles } from '../../test/support/git-fixtures.js';
import { dirtyFlagMaxAgeMs, GitContextReader } from './git-context.js';

describe('GitContextReader', () => {
  let root: string;
  let clock: number;
  const now = () => clock;
  beforeEach(async () => {
    root = await temporaryFolder('mlops-git-context-');
    clock = 1_000_000;
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads commit, branch, a clean tree and the origin remote without its credentials', async () => {
    const commit = await createRepository(root);
    git(root, 'remote', 'add', 'backup', 'https://backup.example/team/churn.git');
    git(root, 'remote', 'add', 'origin', 'https://ci-bot:s3cr3t-token@git.example/team/churn.git');
    const context = await new GitContextReader(root, isolatedGitEnv, now).read();
    expect(context).toEqual({ commit, branch: 'main', isDirty: false, remoteUrl: 'https://git.example/team/churn.git' });
  });

  it('takes the only remote when none is called origin', async () => {
    await createRepository(root);
    git(root, 'remote', 'add', 'upstream', 'git@git.example:team/churn.git');
    expect((await new GitContextReader(root, isolatedGitEnv, now).read()).remoteUrl).toBe('git@git.example:team/churn.git');
  });

  it('counts changed tracked files as dirty, staged or not, but not untracked files', async () => {
    await createRepository(root);
    const reader = new GitContextReader(root, isolatedGitEnv, now);
    await writeFiles(root, { 'notes.txt': 'untracked\n' });
    expect((await reader.read()).isDirty).toBe(false);

    await writeFiles(root, { 'train.ts': 'train(epochs);\n' });
    clock += dirtyFlagMaxAgeMs;
    expect((await reader.read()).isDirty).toBe(true);

    git(root, 'add', 'train.ts');
    expect((await reader.read()).isDirty).toBe(true);
  });

  it('sees a new commit and its clean tree at the next read, however soon', async () => {
    const first = await createRepository(root);
    const reader = new GitContextReader(root, isolatedGitEnv, now);
    await writeFiles(root, { 'train.ts': 'train(2);\n' });
    expect(await reader.read()).toMatchObject({ commit: first, isDirty: true });

    git(root, 'commit', '--quiet', '--no-gpg-sign', '-am', 'second');
    const second = git(root, 'rev-parse', 'HEAD');
    expect(await reader.read()).toMatchObject({ commit: second, isDirty: false });

    git(root, 'checkout', '--quiet', '-b', 'tuning');
    expect(await reader.read()).toMatchObject({ commit: second, branch: 'tuning', isDirty: false });
  });

  it(`reuses the dirty flag for ${dirtyFlagMaxAgeMs} ms while HEAD and the index stay the same, then checks again`, async () => {
    await createRepository(root);
    const reader = new GitContextReader(root, isolatedGitEnv, now);
    expect((await reader.read()).isDirty).toBe(false);
    await writeFiles(root, { 'train.ts': 'edited\n' });
    clock += dirtyFlagMaxAgeMs - 1;
    expect((await reader.read()).isDirty).toBe(false);
    clock += 1;
    expect((await reader.read()).isDirty).toBe(true);
  });

  it('without a git binary still reads commit and branch from the files, leaving dirty flag and remote out', async () => {
    const commit = await createRepository(root);
    git(root, 'remote', 'add', 'origin', 'https://git.example/team/churn.git');
    const withoutGit = { ...isolatedGitEnv, PATH: path.join(root, 'no-such-bin') };
    expect(await new GitContextReader(root, withoutGit, now).read()).toEqual({ commit, branch: 'main' });
  });

  it('gives nothing outside a repository, and only the branch before the first commit', async () => {
    expect(await new GitContextReader(root, isolatedGitEnv, now).read()).toEqual({});
    git(root, 'init', '--quiet', '--initial-branch=main');
    expect(await new GitContextReader(root, isolatedGitEnv, now).read()).toEqual({ branch: 'main' });
  });

  it('gives a detached HEAD its commit and dirty flag, and no branch', async () => {
    const commit = await createRepository(root);
    git(root, 'checkout', '--quiet', '--detach');
    expect(await new GitContextReader(root, isolatedGitEnv, now).read()).toEqual({ commit, isDirty: false });
  });
});
