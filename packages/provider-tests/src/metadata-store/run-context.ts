import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MLOpsContext, runContextTags } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';

/**
 * The run context `createRun` records by itself (the kit's own context turns it off so
 * that other suites see exact tag maps): reserved dotted tag keys round-trip, search finds
 * runs by them, and package dependencies are stored with the new run.
 */
export const runContextSuite: ConcernSuite = (kit) => {
  /** A second context over the test's store that captures, from a project folder of its own. */
  const capturingContext = async (): Promise<MLOpsContext> => {
    await mkdir(path.join(kit.tempDir, 'project', 'node_modules', 'left-pad'), { recursive: true });
    await writeFile(path.join(kit.tempDir, 'project', 'package.json'), JSON.stringify({ dependencies: { 'left-pad': '^1.3.0' }, devDependencies: { tsx: '^4.0.0' } }));
    await writeFile(path.join(kit.tempDir, 'project', 'node_modules', 'left-pad', 'package.json'), JSON.stringify({ name: 'left-pad', version: '1.3.0' }));
    // Not closed: it shares the store the kit closes after the test.
    return new MLOpsContext(kit.store, kit.repository, { captureRunContext: { workingDirectory: path.join(kit.tempDir, 'project') } });
  };

  kit.test('createRun stores the captured mlops.* tags and the production dependencies with the run', async () => {
    const capturing = await capturingContext();
    const run = await capturing.lifecycle.createRun('iris', { tags: { team: 'vision' } });
    expect(run.tags).toMatchObject({ team: 'vision', [runContextTags.host]: os.hostname() });
    expect(Object.keys(run.tags).filter((key) => key.startsWith('mlops.')).length).toBeGreaterThanOrEqual(2);
    expect((await kit.mlops.lifecycle.getRun(run.id)).tags).toEqual(run.tags);
    expect(await kit.mlops.lifecycle.getPackageDependencies(run.id)).toEqual([{ runId: run.id, name: 'left-pad', version: '1.3.0' }]);
  });

  kit.test('searchRuns finds runs by a reserved dotted tag key', async () => {
    const capturing = await capturingContext();
    const captured = await capturing.lifecycle.createRun('iris');
    await kit.mlops.lifecycle.createRun('iris');
    const filter = `tags.${runContextTags.host} = '${os.hostname().replaceAll("'", "''")}'`;
    const { runs } = await kit.mlops.lifecycle.searchRuns({ experiment: 'iris', filter });
    expect(runs.map((run) => run.id)).toEqual([captured.id]);
  });

  kit.test("a tag the caller gives under a reserved key wins over the captured one", async () => {
    const capturing = await capturingContext();
    const run = await capturing.lifecycle.createRun('iris', { tags: { [runContextTags.user]: 'training-bot' } });
    expect((await kit.mlops.lifecycle.getRun(run.id)).tags[runContextTags.user]).toBe('training-bot');
  });
};
