import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MLOpsBuilder, MLOpsError, type ColumnDrift, type MLOpsContext } from '../src/index.js';
import { categoryRows, normal, rowsOf } from './support/seeded-samples.js';

// SciPy's values for the same samples: test/fixtures/drift-reference-values.py.
const scipy = JSON.parse(readFileSync(new URL('./fixtures/drift-reference-values.json', import.meta.url), 'utf8'));

let rootDir: string;
let mlops: MLOpsContext;
beforeAll(async () => {
  rootDir = await mkdtemp(path.join(tmpdir(), 'mlops-drift-'));
  mlops = await new MLOpsBuilder().useInMemoryMetadataStore().useLocalFileModelRepository({ rootDir }).build();
});
afterAll(async () => {
  await mlops.close();
  await rm(rootDir, { recursive: true, force: true });
});

const reference = normal(1, 2000);

/** A run whose data set 'train' holds `rows`, with every column's distribution logged. */
async function trainingRun(rows: Record<string, unknown>[]): Promise<string> {
  const run = await mlops.lifecycle.createRun('drift');
  await mlops.data.logData(run.id, rows, { name: 'train' });
  for (const column of Object.keys(rows[0]!)) await mlops.data.logDataDistribution(run.id, rows, column, { name: 'train' });
  return run.id;
}

async function columnDrift(referenceRows: Record<string, unknown>[] | string, current: Record<string, unknown>[], column = 'x'): Promise<ColumnDrift> {
  const report = await mlops.data.drift(referenceRows, current);
  return report.columns.find((candidate) => candidate.column === column)!;
}

describe('data.drift of numeric columns against SciPy', () => {
  it.each([
    ['sameDistribution', normal(2, 1000), 'stable'],
    ['shiftedMean', normal(3, 1000, 0.5), 'drift'],
    ['changedVariance', normal(4, 1000, 0, 2), 'drift'],
    ['widerVariance', normal(4, 1000, 0, 1.5), 'warning'],
  ] as const)('%s: statistics from reference rows and from the stored run agree with SciPy', async (name, current, verdict) => {
    const expected = scipy[name];
    const runId = await trainingRun(rowsOf('x', reference));
    for (const source of [rowsOf('x', reference), runId]) {
      const drift = await columnDrift(source, rowsOf('x', current));
      // Measured at the reference's 201 stored points: never above the exact statistic, at most 0.005 below.
      expect(drift.ksStatistic!).toBeLessThanOrEqual(expected.ksStatistic + 1e-12);
      expect(drift.ksStatistic!).toBeGreaterThanOrEqual(expected.ksStatistic - 0.005);
      expect(drift.psi).toBeCloseTo(expected.psi, 10);
      expect(drift.jensenShannonDistance).toBeCloseTo(expected.jensenShannonDistance, 10);
      expect(drift.verdict).toBe(verdict);
      if (verdict === 'stable') expect(drift.pValue!).toBeGreaterThan(0.05);
      else expect(Math.log10(drift.pValue!)).toBeCloseTo(Math.log10(expected.ksPValueAsymptotic), -0.5);
    }
  });

  it('gives the exact Kolmogorov–Smirnov statistic of a column with at most 201 distinct values', async () => {
    const referenceRows = rowsOf('x', normal(5, 500).map((value) => Math.floor(value * 3 + 10)));
    const current = rowsOf('x', normal(6, 400).map((value) => Math.floor(value * 3 + 11)));
    const runId = await trainingRun(referenceRows);
    const drift = await columnDrift(runId, current);
    expect(drift.ksStatistic).toBeCloseTo(scipy.integers.ksStatistic, 12);
    // Far in the tail (p ≈ 1e-7) the asymptotic formula is within about 5%, on a log scale within 0.05.
    expect(Math.log10(drift.pValue!)).toBeCloseTo(Math.log10(scipy.integers.ksPValueAsymptotic), 1);
    expect(drift.psi).toBeCloseTo(scipy.integers.psi, 10);
  });

  it('calls identical samples stable with no distance at all', async () => {
    const drift = await columnDrift(rowsOf('x', reference), rowsOf('x', reference));
    expect(drift).toMatchObject({ verdict: 'stable', ksStatistic: 0, pValue: 1 });
    expect(drift.psi).toBeCloseTo(0, 12);
    expect(drift.jensenShannonDistance).toBeCloseTo(0, 6);
  });

  it('handles small samples without a verdict from chance: 5 against 4 values is stable', async () => {
    const drift = await columnDrift(rowsOf('x', [1, 2, 3, 4, 5]), rowsOf('x', [2, 3, 4, 5]));
    expect(drift.ksStatistic).toBeCloseTo(scipy.smallSamples.ksStatistic, 12);
    expect(drift.psi).toBeGreaterThan(1); // a large PSI from a handful of rows …
    expect(drift.verdict).toBe('stable'); // … is not significant
    expect(drift.reason).toMatch(/p-value .* ≥ 0.05/);
  });
});

/** p-values agree to 6 digits; below 1e-15, where 1 − CDF runs out of double precision, both are tiny. */
function expectPValue(actual: number, expected: number): void {
  if (expected < 1e-15) expect(actual).toBeLessThan(1e-14);
  else expect(actual / expected).toBeCloseTo(1, 6);
}

describe('data.drift of categorical columns against SciPy', () => {
  it('flags a new category with SciPy’s chi-square statistic and p-value, and names it', async () => {
    const drift = await columnDrift(categoryRows('x', { a: 500, b: 300, c: 200 }), categoryRows('x', { a: 380, b: 320, c: 200, d: 100 }));
    expect(drift.chiSquare).toBeCloseTo(scipy.newCategory.chiSquare, 9);
    expect(drift.degreesOfFreedom).toBe(scipy.newCategory.degreesOfFreedom);
    expectPValue(drift.pValue!, scipy.newCategory.pValue);
    expect(drift.psi).toBeCloseTo(scipy.newCategory.psi, 10);
    expect(drift.jensenShannonDistance).toBeCloseTo(scipy.newCategory.jensenShannonDistance, 10);
    expect(drift).toMatchObject({ verdict: 'drift', newCategories: ['d'], missingCategories: [] });
  });

  it('flags a missing category from the stored distribution, and names it', async () => {
    const runId = await trainingRun(categoryRows('x', { a: 500, b: 300, c: 200 }));
    const drift = await columnDrift(runId, categoryRows('x', { a: 600, b: 400 }));
    expect(drift.chiSquare).toBeCloseTo(scipy.missingCategory.chiSquare, 9);
    expectPValue(drift.pValue!, scipy.missingCategory.pValue);
    expect(drift.psi).toBeCloseTo(scipy.missingCategory.psi, 10);
    expect(drift).toMatchObject({ verdict: 'drift', newCategories: [], missingCategories: ['c'] });
  });
});

describe('data.drift on empty, missing and hostile data', () => {
  it('gives no-data verdicts and null statistics, never NaN, for no current rows', async () => {
    const report = await mlops.data.drift(rowsOf('x', [1, 2, 3]).map((row) => ({ ...row, y: 'a' })), []);
    expect(report.verdict).toBe('no-data');
    for (const column of report.columns) {
      expect(column.verdict).toBe('no-data');
      expect(column.reason).toBe('no current rows to compare');
      expect(Object.values(column).some((value) => typeof value === 'number' && Number.isNaN(value))).toBe(false);
    }
  });

  it('calls a numeric column whose current values are all null drift, saying why', async () => {
    const drift = await columnDrift(rowsOf('x', reference), rowsOf('x', new Array(100).fill(null)));
    expect(drift).toMatchObject({ verdict: 'drift', ksStatistic: null, pValue: null, currentCount: 0, currentMissingCount: 100, currentMean: null });
    expect(drift.reason).toMatch(/every current value is missing/);
  });

  it('compares an all-null reference column as a category, stable against nulls', async () => {
    const drift = await columnDrift(rowsOf('x', [null, null, null]), rowsOf('x', [null, undefined]));
    expect(drift).toMatchObject({ kind: 'categorical', verdict: 'stable', pValue: 1 });
  });

  it('counts non-numbers in a numeric column as invalid and leaves them out of the tests', async () => {
    const current = rowsOf<unknown>('x', normal(2, 1000));
    current.push({ x: 'abc' }, { x: true }, { x: { nested: 1 } }, { x: Number.NaN });
    const drift = await columnDrift(rowsOf('x', reference), current as Record<string, unknown>[]);
    expect(drift).toMatchObject({ currentCount: 1000, currentInvalidCount: 3, currentMissingCount: 1, verdict: 'stable' });
    expect(drift.ksStatistic).toBeCloseTo(scipy.sameDistribution.ksStatistic, 2);
  });

  it('lists current columns the reference lacks, and refuses to compare a column it does not have', async () => {
    const runId = await trainingRun(rowsOf('x', [1, 2, 3]));
    const report = await mlops.data.drift(runId, [{ x: 1, extra: 'e' }]);
    expect(report.columnsWithoutReference).toEqual(['extra']);
    expect(report.reference).toEqual({ runId, dataSet: 'train' });
    const error = await mlops.data.drift(runId, [{ x: 1 }], { columns: ['age'] }).catch((caught: unknown) => caught);
    expect(MLOpsError.hasCode(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toMatch(/no column 'age'; its columns are 'x'/);
  });

  it('is NOT_FOUND naming what to log for a reference run without a data set, or without distributions', async () => {
    const bare = await mlops.lifecycle.createRun('drift');
    const noDataSet = await mlops.data.drift(bare.id, [{ x: 1 }]).catch((caught: unknown) => caught);
    expect(MLOpsError.hasCode(noDataSet, 'NOT_FOUND')).toBe(true);
    expect((noDataSet as Error).message).toMatch(/has no data set .* data\.logData\(/);
    await mlops.data.logData(bare.id, [{ x: 1 }], { name: 'train' });
    const noDistribution = await mlops.data.drift(bare.id, [{ x: 1 }]).catch((caught: unknown) => caught);
    expect(MLOpsError.hasCode(noDistribution, 'NOT_FOUND')).toBe(true);
    expect((noDistribution as Error).message).toMatch(/no column distributions .* data\.logDataDistribution\(/);
    await expect(mlops.data.drift('no-such-run', [{ x: 1 }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses thresholds out of range, and uses changed ones', async () => {
    await expect(mlops.data.drift(rowsOf('x', [1, 2]), [], { thresholds: { pValue: 2 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(mlops.data.drift(rowsOf('x', [1, 2]), [], { thresholds: { psiWarning: 0.5, psiDrift: 0.2 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const report = await mlops.data.drift(rowsOf('x', reference), rowsOf('x', normal(3, 1000, 0.5)), { thresholds: { psiDrift: 0.3 } });
    expect(report.columns[0]!.verdict).toBe('warning');
    expect(report.thresholds).toEqual({ psiWarning: 0.1, psiDrift: 0.3, pValue: 0.05 });
  });

  it('reads current rows from an async iterable', async () => {
    async function* stream() {
      for (const value of normal(3, 1000, 0.5)) yield { x: value };
    }
    const report = await mlops.data.drift(rowsOf('x', reference), stream());
    expect(report).toMatchObject({ verdict: 'drift', driftedColumns: ['x'], currentRowCount: 1000 });
  });
});
