import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepository, git, isGitAtLeast, temporaryFolder, writeFiles } from '../../test/support/git-fixtures.js';
import { findGitRepository, readGitHead, type GitRepository } from './git-repository.js';

function headOf(folder: string) {
  const repository = findGitRepository(folder);
  if (repository === undefined) throw new Error(`no repository found from ${folder}`);
  return readGitHead(repository);
}

describe('reading HEAD from the .git folder', () => {
  let root: string;
  beforeEach(async () => {
    root = await temporaryFolder('mlops-git-');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds the repository from a subfolder and reads the branch and commit git reports', async () => {
    const commit = await createRepository(root, { 'src/models/train.ts': 'x\n' });
    const repository = findGitRepository(path.join(root, 'src', 'models'));
    expect(repository).toEqual({ workTree: root, gitDir: path.join(root, '.git'), commonDir: path.join(root, '.git') });
    expect(readGitHead(repository!)).toEqual({ commit, branch: 'main' });
  });

  it('reads a branch whose name has slashes', async () => {
    await createRepository(root);
    git(root, 'checkout', '--quiet', '-b', 'feature/faster-trees');
    expect(headOf(root)).toEqual({ commit: git(root, 'rev-parse', 'HEAD'), branch: 'feature/faster-trees' });
  });

  it('reads a branch that lives only in packed-refs', async () => {
    const commit = await createRepository(root);
    git(root, 'tag', '-a', 'v1', '-m', 'annotated tags add ^ lines to packed-refs');
    git(root, 'pack-refs', '--all');
    expect(git(root, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main');
    await expect(access(path.join(root, '.git', 'refs', 'heads', 'main'))).rejects.toThrow();
    expect(headOf(root)).toEqual({ commit, branch: 'main' });
  });

  it('gives the commit and no branch on a detached HEAD', async () => {
    const first = await createRepository(root);
    await writeFiles(root, { 'train.ts': 'train(2);\n' });
    git(root, 'commit', '--quiet', '--no-gpg-sign', '-am', 'second');
    git(root, 'checkout', '--quiet', '--detach', first);
    expect(headOf(root)).toEqual({ commit: first });
  });

  it('gives the branch and no commit in a repository without commits', async () => {
    git(root, 'init', '--quiet', '--initial-branch=main');
    expect(headOf(root)).toEqual({ branch: 'main' });
  });

  it('reads a linked worktree, whose branches live in the main repository', async () => {
    const main = path.join(root, 'main');
    await mkdir(main);
    await createRepository(main);
    git(main, 'worktree', 'add', '--quiet', '-b', 'experiment', path.join(root, 'linked'));
    await writeFiles(path.join(root, 'linked'), { 'train.ts': 'train(3);\n' });
    git(path.join(root, 'linked'), 'commit', '--quiet', '--no-gpg-sign', '-am', 'in the worktree');
    git(main, 'pack-refs', '--all');

    const repository = findGitRepository(path.join(root, 'linked')) as GitRepository;
    expect(repository.workTree).toBe(path.join(root, 'linked'));
    expect(repository.commonDir).toBe(path.join(main, '.git'));
    expect(readGitHead(repository)).toEqual({ commit: git(path.join(root, 'linked'), 'rev-parse', 'HEAD'), branch: 'experiment' });
    expect(headOf(main)).toEqual({ commit: git(main, 'rev-parse', 'HEAD'), branch: 'main' });
  });

  it('follows a .git file with a relative gitdir, as submodules have', async () => {
    const commit = await createRepository(root);
    await rename(path.join(root, '.git'), path.join(root, 'elsewhere.git'));
    await writeFile(path.join(root, '.git'), 'gitdir: elsewhere.git\n');
    expect(headOf(root)).toEqual({ commit, branch: 'main' });
  });

  it('finds no repository outside one, and ignores a .git that is not a repository', async () => {
    expect(findGitRepository(root)).toBeUndefined();
    await writeFile(path.join(root, '.git'), 'not a pointer');
    expect(findGitRepository(root)).toBeUndefined();
  });

  it('says it does not know the reftable layout, so that git is asked instead', async () => {
    git(root, 'init', '--quiet', '--initial-branch=main');
    await writeFile(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/.invalid\n');
    expect(headOf(root)).toBeUndefined();
  });

  it.skipIf(!isGitAtLeast(2, 45))('reads nothing wrong from a real reftable repository [SKIPPED below git 2.45, which has no reftable]', async () => {
    git(root, 'init', '--quiet', '--initial-branch=main', '--ref-format=reftable');
    expect(headOf(root)).toBeUndefined();
  });
});
