// The cost of the run context createRun records by itself: createRun with capture against
// createRun without it on the same store, in a git repository with a package.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MLOpsBuilder } from '@mlops-ts/core';
import '@mlops-ts/sqlite';
import { median, report, round, temporaryDirectory } from './lib.js';

const runsPerBlock = 100;
const blocks = 10;
const gitEnv = { ...process.env, GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();

/** A project like a user's: a git repository with a commit, a remote, and a package.json with 10 installed dependencies. */
function createProject(directory) {
  const dependencies = Object.fromEntries(Array.from({ length: 10 }, (_value, index) => [`dependency-${index}`, `^1.${index}.0`]));
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name: 'bench-project', dependencies }));
  for (const name of Object.keys(dependencies)) {
    mkdirSync(path.join(directory, 'node_modules', name), { recursive: true });
    writeFileSync(path.join(directory, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.2.3' }));
  }
  writeFileSync(path.join(directory, '.gitignore'), 'node_modules\nmlops\n');
  writeFileSync(path.join(directory, 'train.js'), 'train();\n');
  git(directory, 'init', '--quiet', '--initial-branch=main');
  git(directory, 'remote', 'add', 'origin', 'https://git.example/team/bench.git');
  git(directory, 'add', '--all');
  git(directory, 'commit', '--quiet', '--no-gpg-sign', '-m', 'first');
}

async function openContext(kind, directory, captureRunContext) {
  const builder = new MLOpsBuilder({ captureRunContext }).useLocalFileModelRepository(path.join(directory, 'mlops', `models-${kind}`));
  return (kind === 'sqlite' ? builder.useSQLite(path.join(directory, 'mlops', 'mlops.db')) : builder.useInMemoryMetadataStore()).build();
}

/** Milliseconds per call over one block of calls. */
async function timeBlock(createRun) {
  const start = performance.now();
  for (let index = 0; index < runsPerBlock; index++) await createRun();
  return (performance.now() - start) / runsPerBlock;
}

export default async function benchRunContext() {
  const temp = temporaryDirectory('mlops-bench-run-context-');
  try {
    const project = path.join(temp.directory, 'project');
    mkdirSync(project);
    createProject(project);

    // First createRun of a process in a folder: everything is read (git, package.json and each installed package).
    const cold = await openContext('memory', project, { workingDirectory: project });
    const coldStart = performance.now();
    const coldRun = await cold.lifecycle.createRun('cold');
    const coldMs = performance.now() - coldStart;
    const dependencies = (await cold.lifecycle.getPackageDependencies(coldRun.id)).map(({ name, version }) => ({ name, version }));
    await cold.close();

    // Starting git for each run instead of reading HEAD from the files (why the core reads .git itself).
    const spawnTimes = Array.from({ length: 20 }, () => {
      const start = performance.now();
      git(project, 'rev-parse', 'HEAD');
      return performance.now() - start;
    });

    for (const kind of ['sqlite', 'memory']) {
      const capturing = await openContext(kind, project, { workingDirectory: project });
      const plain = await openContext(kind, project, false);
      // The same tags and dependencies given by hand: what is left is the cost of reading the context.
      const byHand = { tags: coldRun.tags, gitCommit: coldRun.gitCommit };
      const variants = [
        ['without', plain, () => plain.lifecycle.createRun('plain')],
        ['byHand', plain, async () => plain.lifecycle.logPackageDependencies((await plain.lifecycle.createRun('by-hand', byHand)).id, dependencies)],
        ['with', capturing, () => capturing.lifecycle.createRun('captured')],
      ];
      const times = { without: [], byHand: [], with: [] };
      for (const [, , createRun] of variants) await createRun();
      // Alternating blocks, so load from other processes falls on all sides.
      for (let block = 0; block < blocks; block++) {
        for (const [name, , createRun] of variants) times[name].push(await timeBlock(createRun));
      }
      await capturing.close();
      await plain.close();
      const [withoutMs, byHandMs, withMs] = [median(times.without), median(times.byHand), median(times.with)];
      report({
        figure: `runContext.createRun.${kind}`,
        ratio: withoutMs / withMs,
        withCaptureMs: round(withMs, 4),
        withoutCaptureMs: round(withoutMs, 4),
        sameRecordsByHandMs: round(byHandMs, 4),
        captureOnlyRatio: round(byHandMs / withMs),
        captureOnlyMs: round(withMs - byHandMs, 4),
        runs: runsPerBlock * blocks,
        capturedTags: Object.keys(coldRun.tags).length,
        packageDependencies: dependencies.length,
      });
    }
    report({ figure: 'runContext.createRun.firstInFolder', medianMs: round(coldMs, 2), gitRevParseSpawnMs: round(median(spawnTimes), 2) });
  } finally {
    temp.remove();
  }
}
