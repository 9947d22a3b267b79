import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MLOpsBuilder, type MLOpsContext } from '../src/index.js';
import { normal } from './support/seeded-samples.js';

let rootDir: string;
let mlops: MLOpsContext;
beforeAll(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'mlops-compare-'));
  mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository({ rootDir }).build();
});
afterAll(async () => {
  await mlops.close();
  await rm(rootDir, { recursive: true, force: true });
});

async function runWith(dataSets: Record<string, Record<string, unknown>[]>): Promise<string> {
  const run = await mlops.lifecycle.createRun('compare');
  for (const [name, rows] of Object.entries(dataSets)) {
    await mlops.data.logData(run.id, rows, { name });
    for (const column of Object.keys(rows[0]!)) await mlops.data.logDataDistribution(run.id, rows, column, { name });
  }
  return run.id;
}

const rowsA = normal(1, 2000).map((age, index) => ({ age, city: index % 3 === 0 ? 'Oslo' : 'Bergen', income: index }));

describe('data.compare', () => {
  it('finds nothing between two runs trained on the same rows', async () => {
    const [runA, runB] = [await runWith({ train: rowsA }), await runWith({ train: rowsA })];
    const comparison = await mlops.data.compare(runA, runB);
    const [train] = comparison.dataSets;
    expect(train).toMatchObject({ name: 'train', isSameContent: true, rowCountA: 2000, rowCountB: 2000, columnsAdded: [], columnsRemoved: [], typeChanges: [] });
    expect(train!.drift.verdict).toBe('stable');
    for (const column of train!.drift.columns) {
      expect(column.psi).toBeCloseTo(0, 9);
      expect(column.ksStatistic ?? 0).toBeCloseTo(0, 9);
    }
  });

  it('reports schema changes, row counts, a changed hash and the drift of shifted columns from the stored summaries alone', async () => {
    const runA = await runWith({ train: rowsA, test: rowsA.slice(0, 10) });
    const rowsB = normal(2, 1500, 0.6).map((age, index) => ({ age, city: index % 3 === 0 ? 'Oslo' : 'Bergen', income: String(index), region: 'north' }));
    const runB = await runWith({ train: rowsB, holdout: rowsB.slice(0, 10) });
    const comparison = await mlops.data.compare(runA, runB);
    expect(comparison).toMatchObject({ runA, runB, onlyInA: ['test'], onlyInB: ['holdout'] });
    const [train] = comparison.dataSets;
    expect(train).toMatchObject({ isSameContent: false, rowCountA: 2000, rowCountB: 1500, columnsAdded: ['region'], columnsRemoved: [], typeChanges: [{ column: 'income', from: 'number', to: 'string' }] });
    const byColumn = Object.fromEntries(train!.drift.columns.map((column) => [column.column, column]));
    expect(byColumn.age).toMatchObject({ verdict: 'drift' });
    // A 0.6 standard deviation shift: the two-sample KS statistic is about Φ(0.3) − Φ(−0.3) = 0.236.
    expect(byColumn.age!.ksStatistic).toBeGreaterThan(0.2);
    expect(byColumn.age!.ksStatistic).toBeLessThan(0.28);
    expect(byColumn.city).toMatchObject({ verdict: 'stable' });
    expect(byColumn.income).toMatchObject({ verdict: 'drift', reason: 'the column is numeric in run A and categorical in run B' });
    expect(train!.drift.columnsWithoutReference).toEqual(['region']);
  });

  it('compares one named data set, and is NOT_FOUND when a run lacks it', async () => {
    const runA = await runWith({ train: rowsA, test: rowsA.slice(0, 10) });
    const runB = await runWith({ train: rowsA });
    const comparison = await mlops.data.compare(runA, runB, { dataSet: 'train' });
    expect(comparison.dataSets.map((dataSet) => dataSet.name)).toEqual(['train']);
    await expect(mlops.data.compare(runA, runB, { dataSet: 'test' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`Run '${runB}' has no data set named 'test'`) });
    await expect(mlops.data.compare(runA, 'no-such-run')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('data.logDrift', () => {
  it('logs the scores as metrics with steps, which search and history read back', async () => {
    const training = await runWith({ train: rowsA });
    const monitoring = await mlops.lifecycle.createRun('compare-monitoring');
    const calm = await mlops.data.drift(training, rowsA.slice(0, 500));
    const shifted = await mlops.data.drift(training, normal(3, 500, 1).map((age) => ({ age, city: 'Oslo', income: 5 })));
    await mlops.data.logDrift(monitoring.id, calm, { step: 0 });
    await mlops.data.logDrift(monitoring.id, shifted, { step: 1 });

    const metrics = await mlops.evaluation.getMetrics(monitoring.id);
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['drift.age.psi', 'drift.age.ks_statistic', 'drift.age.p_value', 'drift.age.verdict', 'drift.city.chi_square', 'drift.verdict', 'drift.drifted_columns', 'drift.rows']));
    expect(metrics['drift.age.verdict']).toBe(2);
    expect(metrics['drift.verdict']).toBe(2);
    const history = await mlops.evaluation.getMetricHistory(monitoring.id, 'drift.age.psi');
    expect(history.map((point) => point.step)).toEqual([0, 1]);
    expect(history[1]!.value).toBeGreaterThan(0.25);

    const found = await mlops.lifecycle.searchRuns({ experiment: 'compare-monitoring', filter: 'metrics.drift.age.psi > 0.25' });
    expect(found.runs.map((run) => run.id)).toEqual([monitoring.id]);
  });

  it('refuses a report without columns and an unknown run', async () => {
    const run = await mlops.lifecycle.createRun('compare-monitoring');
    await expect(mlops.data.logDrift(run.id, {} as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const report = await mlops.data.drift([{ x: 1 }], [{ x: 1 }]);
    await expect(mlops.data.logDrift('no-such-run', report)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
