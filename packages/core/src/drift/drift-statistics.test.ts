import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquareTest, jensenShannonDistance, kolmogorovSmirnovPValue, populationStabilityIndex } from './drift-statistics.js';

// Computed with SciPy 1.17 by test/fixtures/drift-reference-values.py (scipy.stats.chi2_contingency
// without correction, scipy.stats.distributions.kstwo, scipy.spatial.distance.jensenshannon).
const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/drift-reference-values.json', import.meta.url), 'utf8'));

describe('chiSquareTest', () => {
  it.each(reference.chiSquareTables as { reference: number[]; current: number[]; chiSquare: number; pValue: number; degreesOfFreedom: number }[])(
    'matches SciPy on $reference against $current',
    (table) => {
      const test = chiSquareTest(table.reference, table.current)!;
      expect(test.statistic).toBeCloseTo(table.chiSquare, 9);
      expect(test.degreesOfFreedom).toBe(table.degreesOfFreedom);
      expect(test.pValue).toBeCloseTo(table.pValue, 9);
    },
  );

  it('leaves out categories neither sample has, and gives p = 1 for a single category', () => {
    expect(chiSquareTest([5, 0, 5], [5, 0, 5])).toEqual({ statistic: 0, degreesOfFreedom: 1, pValue: 1 });
    expect(chiSquareTest([7], [3])).toEqual({ statistic: 0, degreesOfFreedom: 0, pValue: 1 });
  });

  it('gives null, not NaN, when a side has no rows', () => {
    expect(chiSquareTest([0, 0], [1, 2])).toBeNull();
    expect(chiSquareTest([1, 2], [0, 0])).toBeNull();
  });
});

describe('kolmogorovSmirnovPValue', () => {
  it.each(reference.kolmogorovPValues as { d: number; n1: number; n2: number; pValue: number }[])(
    'is within 3% of the distribution SciPy uses for D = $d, n = $n1 and $n2',
    ({ d, n1, n2, pValue }) => {
      expect(Math.abs(kolmogorovSmirnovPValue(d, n1, n2) - pValue) / pValue).toBeLessThan(0.03);
    },
  );

  it('is 1 for no gap and falls toward 0 for a large one', () => {
    expect(kolmogorovSmirnovPValue(0, 100, 100)).toBe(1);
    expect(kolmogorovSmirnovPValue(1, 100, 100)).toBeLessThan(1e-20);
    expect(kolmogorovSmirnovPValue(1, 100, 100)).toBeGreaterThanOrEqual(0);
  });
});

describe('populationStabilityIndex and jensenShannonDistance', () => {
  it.each(reference.chiSquareTables as { reference: number[]; current: number[]; psi: number; jensenShannonDistance: number }[])(
    'match an independent NumPy and SciPy computation on $reference against $current',
    (table) => {
      expect(populationStabilityIndex(table.reference, table.current)).toBeCloseTo(table.psi, 12);
      expect(jensenShannonDistance(table.reference, table.current)).toBeCloseTo(table.jensenShannonDistance, 12);
    },
  );

  it('are 0 for the same shares at any scale, and symmetric', () => {
    expect(populationStabilityIndex([1, 2, 3], [10, 20, 30])).toBeCloseTo(0, 15);
    expect(jensenShannonDistance([1, 2, 3], [10, 20, 30])).toBeCloseTo(0, 7);
    expect(populationStabilityIndex([5, 1], [1, 5])).toBeCloseTo(populationStabilityIndex([1, 5], [5, 1])!, 15);
  });

  it('reach 1 in Jensen–Shannon distance for samples with no bin in common', () => {
    expect(jensenShannonDistance([10, 0], [0, 10])).toBeCloseTo(1, 12);
  });

  it('give null, not NaN, when a side has no rows', () => {
    expect(populationStabilityIndex([], [])).toBeNull();
    expect(jensenShannonDistance([0, 0], [1, 1])).toBeNull();
  });
});
