import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { LocalFileModelRepository, MLOpsBuilder, MLOpsError, type MLOpsContext } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../src/index.js';
import { createTempFolder } from './temp-database.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'first-release');

let temp: ReturnType<typeof createTempFolder>;
let mlops: MLOpsContext | undefined;

beforeEach(() => {
  temp = createTempFolder();
  // A copy: the fixture itself is never changed.
  cpSync(fixture, temp.folder, { recursive: true });
});

afterEach(async () => {
  await mlops?.close();
  mlops = undefined;
  temp.cleanup();
});

async function open(): Promise<MLOpsContext> {
  mlops = await new MLOpsBuilder({ captureRunContext: false })
    .useSQLite({ path: path.join(temp.folder, 'mlops.db') })
    .useModelRepository(new LocalFileModelRepository({ rootDir: path.join(temp.folder, 'models') }))
    .build();
  return mlops;
}

describe('lifecycle stages on a store written by the first release', () => {
  it('reads every experiment and run as active, with the lifecycle index in place', async () => {
    const context = await open();
    const experiments = await context.lifecycle.getExperiments();
    expect(experiments.map((experiment) => [experiment.name, experiment.lifecycleStage, experiment.deletedAt])).toEqual([
      ['iris', 'active', null],
      ['team/fraud@v2', 'active', null],
    ]);
    const runs = await context.lifecycle.getRuns('iris');
    expect(runs.map((run) => [run.name, run.lifecycleStage, run.deletedAt])).toEqual([
      ['run-0', 'active', null],
      ['run-1', 'active', null],
      ['run-2', 'active', null],
    ]);
    expect(await context.lifecycle.getRuns('iris', { lifecycle: 'deleted' })).toEqual([]);
    expect((await context.lifecycle.searchRuns({ filter: "attributes.lifecycle_stage = 'active'" })).runs).toHaveLength(5);
    const database = new Database(path.join(temp.folder, 'mlops.db'), { readonly: true });
    try {
      expect(database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'runs_by_experiment_stage'").pluck().get()).toBe('runs_by_experiment_stage');
    } finally {
      database.close();
    }
  });

  it('deletes, restores and refuses to purge runs whose artifacts back the upgraded versions', async () => {
    const context = await open();
    const [first] = await context.lifecycle.getRuns('iris');
    await context.lifecycle.deleteExperiment('iris');
    expect((await context.lifecycle.getExperiments()).map((experiment) => experiment.name)).toEqual(['team/fraud@v2']);
    await expect(context.evaluation.logMetric(first!.id, 'loss', 0)).rejects.toSatisfy((error) => MLOpsError.hasCode(error, 'CONFLICT'));

    // Every iris run backs a registered version (1 to 3): purge names them and removes nothing.
    const refusal = await context.lifecycle.purge().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(MLOpsError.hasCode(refusal, 'CONFLICT')).toBe(true);
    expect((refusal as Error).message).toContain('iris version 1');
    expect(readdirSync(path.join(temp.folder, 'models', 'runs'))).toContain(first!.id);

    await context.lifecycle.restoreExperiment('iris');
    expect(await context.lifecycle.getRuns('iris')).toHaveLength(3);
    expect((await context.lifecycle.getBestRun('iris', 'accuracy')).name).toBe('run-2');
  });
});
