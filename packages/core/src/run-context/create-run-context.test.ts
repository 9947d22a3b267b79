import { rm } from 'node:fs/promises';
import os from 'node:os';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRepository, git, temporaryFolder, writeFiles } from '../../test/support/git-fixtures.js';
import { MLOpsBuilder } from '../builder.js';
import { MLOpsContext } from '../context.js';
import { LocalFileModelRepository } from '../repositories/local-file-model-repository.js';
import { InMemoryMetadataStore } from '../stores/in-memory-metadata-store.js';
import { runContextTags } from './run-context-tags.js';

const projectFiles = {
  'package.json': JSON.stringify({ name: 'churn', dependencies: { 'ml-cart': '^2.1.0' }, devDependencies: { vitest: '^4.1.0' } }),
  'node_modules/ml-cart/package.json': JSON.stringify({ version: '2.1.1' }),
  '.gitignore': 'node_modules\n',
  'train.ts': 'train();\n',
};

describe('createRun records the run context', () => {
  let root: string;
  let models: string;
  const build = (captureRunContext: ConstructorParameters<typeof MLOpsBuilder>[0]) =>
    new MLOpsBuilder(captureRunContext).useInMemoryMetadataStore().useLocalFileModelRepository(models).build();

  // The process environment is read once per process: set it before the first capture.
  beforeAll(() => {
    vi.stubEnv('MLOPS_USER', 'ada');
    for (const name of ['GITHUB_ACTIONS', 'GITLAB_CI', 'TF_BUILD']) vi.stubEnv(name, '');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  beforeEach(async () => {
    root = await temporaryFolder('mlops-create-run-');
    models = await temporaryFolder('mlops-create-run-models-');
  });
  afterEach(async () => {
    await Promise.all([rm(root, { recursive: true, force: true }), rm(models, { recursive: true, force: true })]);
  });

  it('as mlops.* tags, gitCommit and production package dependencies, found by commit and by tag search', async () => {
    const commit = await createRepository(root, projectFiles);
    git(root, 'checkout', '--quiet', '-b', 'tuning');
    await using mlops = await build({ captureRunContext: { workingDirectory: root } });
    const run = await mlops.lifecycle.createRun('churn');

    expect(run.gitCommit).toBe(commit);
    expect(run.tags).toMatchObject({
      [runContextTags.gitCommit]: commit,
      [runContextTags.gitBranch]: 'tuning',
      [runContextTags.gitDirty]: 'false',
      [runContextTags.user]: 'ada',
      [runContextTags.host]: os.hostname(),
    });
    expect((await mlops.lifecycle.getRun(run.id)).tags).toEqual(run.tags);
    expect(await mlops.lifecycle.getPackageDependencies(run.id)).toEqual([{ runId: run.id, name: 'ml-cart', version: '2.1.1' }]);
    expect((await mlops.lifecycle.getRunByCommit(commit)).id).toBe(run.id);
    const { runs } = await mlops.lifecycle.searchRuns({ experiment: 'churn', filter: "tags.mlops.source.git.branch = 'tuning' and tags.mlops.user = 'ada'" });
    expect(runs.map((found) => found.id)).toEqual([run.id]);
  });

  it("lets the caller's tags and gitCommit win over captured ones, and mlops.* tags be set by hand later", async () => {
    const commit = await createRepository(root, projectFiles);
    await using mlops = await build({ captureRunContext: { workingDirectory: root } });
    const run = await mlops.lifecycle.createRun('churn', { gitCommit: 'from-my-ci', tags: { [runContextTags.user]: 'training-bot', team: 'growth' } });
    expect(run.gitCommit).toBe('from-my-ci');
    expect(run.tags).toMatchObject({ [runContextTags.user]: 'training-bot', team: 'growth', [runContextTags.gitCommit]: commit });
    await mlops.lifecycle.setTags(run.id, { [runContextTags.host]: 'gpu-01' });
    expect((await mlops.lifecycle.getRun(run.id)).tags[runContextTags.host]).toBe('gpu-01');
  });

  it('marks a run started from a tree with uncommitted changes as dirty', async () => {
    await createRepository(root, projectFiles);
    await writeFiles(root, { 'train.ts': 'train({ epochs: 20 });\n' });
    await using mlops = await build({ captureRunContext: { workingDirectory: root } });
    expect((await mlops.lifecycle.createRun('churn')).tags[runContextTags.gitDirty]).toBe('true');
  });

  it("records devDependencies with packageDependencies: 'all'", async () => {
    await writeFiles(root, projectFiles);
    await using mlops = await build({ captureRunContext: { workingDirectory: root, packageDependencies: 'all' } });
    const run = await mlops.lifecycle.createRun('churn');
    expect((await mlops.lifecycle.getPackageDependencies(run.id)).map((dependency) => dependency.name)).toEqual(['ml-cart', 'vitest']);
  });

  it('records nothing with captureRunContext: false', async () => {
    await createRepository(root, projectFiles);
    await using mlops = await build({ captureRunContext: false });
    const run = await mlops.lifecycle.createRun('churn', { tags: { team: 'growth' } });
    expect(run.tags).toEqual({ team: 'growth' });
    expect(run.gitCommit).toBeNull();
    expect(await mlops.lifecycle.getPackageDependencies(run.id)).toEqual([]);
  });

  it('creates the run in a folder with no repository and no package.json', async () => {
    await using mlops = await build({ captureRunContext: { workingDirectory: root } });
    const run = await mlops.lifecycle.withRun('churn', (started) => started);
    const stored = await mlops.lifecycle.getRun(run.id);
    expect(stored.status).toBe('finished');
    expect(stored.gitCommit).toBeNull();
    expect(Object.keys(stored.tags).sort()).toEqual([runContextTags.host, runContextTags.sourceName, runContextTags.user]);
    expect(await mlops.lifecycle.getPackageDependencies(run.id)).toEqual([]);
  });

  it('captures by default in a context built without options', async () => {
    const context = new MLOpsContext(new InMemoryMetadataStore(), new LocalFileModelRepository({ rootDir: models }));
    const run = await context.lifecycle.createRun('churn');
    expect(run.tags[runContextTags.user]).toBe('ada');
  });

  it.each([
    [{ captureRunContext: 'no' }, /captureRunContext option 'no' is not true, false or an object/],
    [{ captureRunContext: { devDependencies: true } }, /captureRunContext has no option 'devDependencies'/],
    [{ captureRunContext: { packageDependencies: 'dev' } }, /packageDependencies 'dev' is not one of 'production', 'all', 'none'/],
    [{ captureRunContext: { workingDirectory: '' } }, /workingDirectory '' is not a folder path/],
  ])('refuses the option %j with INVALID_ARGUMENT', (options, message) => {
    expect(() => new MLOpsBuilder(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) }));
    expect(() => new MLOpsContext(new InMemoryMetadataStore(), new LocalFileModelRepository({ rootDir: models }), options as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
