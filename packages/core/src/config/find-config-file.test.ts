import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject } from '../../test/support/config-project.js';
import { checkConfigPath, findConfigFile } from './find-config-file.js';

describe('findConfigFile', () => {
  let project: TempProject;
  beforeEach(async () => {
    project = await createTempProject();
  });
  afterEach(async () => {
    await project.remove();
  });

  it('finds mlops.config.json in the working folder', async () => {
    const file = await project.write('mlops.config.json', '{}');
    expect(await findConfigFile(project.dir)).toBe(file);
  });

  it('finds the file in a folder above the working folder, up to the git root', async () => {
    await mkdir(path.join(project.dir, 'repo', '.git'), { recursive: true });
    const file = await project.write('repo/mlops.config.mjs', 'export default {};');
    await mkdir(path.join(project.dir, 'repo', 'packages', 'trainer', 'src'), { recursive: true });
    expect(await findConfigFile(path.join(project.dir, 'repo', 'packages', 'trainer', 'src'))).toBe(file);
  });

  it('stops at the git root: a file outside the repository is not used', async () => {
    await project.write('mlops.config.json', '{}');
    await mkdir(path.join(project.dir, 'repo', '.git'), { recursive: true });
    await mkdir(path.join(project.dir, 'repo', 'src'), { recursive: true });
    expect(await findConfigFile(path.join(project.dir, 'repo', 'src'))).toBeUndefined();
  });

  it('treats a .git file (a worktree or submodule) as a git root too', async () => {
    await project.write('mlops.config.json', '{}');
    await project.write('worktree/.git', 'gitdir: /elsewhere/.git/worktrees/x\n');
    expect(await findConfigFile(path.join(project.dir, 'worktree'))).toBeUndefined();
  });

  it('refuses a folder holding two config files, naming both', async () => {
    await project.write('mlops.config.json', '{}');
    await project.write('mlops.config.ts', 'export default {};');
    await expect(findConfigFile(project.dir)).rejects.toThrow(/2 config files \(mlops\.config\.json, mlops\.config\.ts\).*Keep one/);
  });
});

describe('checkConfigPath', () => {
  let project: TempProject;
  beforeEach(async () => {
    project = await createTempProject();
  });
  afterEach(async () => {
    await project.remove();
  });

  it('resolves a relative path from the working folder', async () => {
    const file = await project.write('config/team.json', '{}');
    expect(await checkConfigPath('config/team.json', project.dir, '--config')).toBe(file);
  });

  it('says NOT_FOUND for a missing file, naming what gave the path', async () => {
    await expect(checkConfigPath('missing.json', project.dir, 'MLOPS_CONFIG')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/missing\.json \(MLOPS_CONFIG\) does not exist/),
    });
  });

  it('refuses a file that is not a config file by its extension', async () => {
    await project.write('mlops.yaml', 'store: sqlite');
    await expect(checkConfigPath('mlops.yaml', project.dir, '--config')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
