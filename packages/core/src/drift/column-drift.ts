import { chiSquareTest, jensenShannonDistance, kolmogorovSmirnovPValue, populationStabilityIndex } from './drift-statistics.js';
import type { CategoricalCounts, NumericCounts } from './drift-counts.js';
import type { CategoricalReference, CountBounds, NumericReference } from './column-reference.js';
import type { ColumnDrift, DriftThresholds, DriftVerdict } from './drift-report.js';

/** Categories listed in `newCategories` and `missingCategories`. */
const listedCategories = 10;

/** The drift of a numeric column: KS over the reference's points, PSI and JS over its deciles and a missing-value bin. */
export function numericColumnDrift(reference: NumericReference, current: NumericCounts, thresholds: DriftThresholds): ColumnDrift {
  const { cells } = current;
  // prefix[i]: current numbers in cells 0 … i − 1; below point k is prefix[2k + 1], at or below it prefix[2k + 2].
  const prefix = new Float64Array(cells.length + 1);
  for (let index = 0; index < cells.length; index++) prefix[index + 1] = prefix[index]! + cells[index]!;
  const currentMissing = current.missingCount + current.invalidCount;
  const referenceBins: number[] = [];
  const currentBins: number[] = [];
  let referenceBefore = 0;
  let currentBefore = 0;
  for (const boundary of reference.boundaries) {
    const currentCount = prefix[2 * boundary.point + (boundary.side === 'below' ? 1 : 2)]!;
    referenceBins.push(boundary.referenceCount - referenceBefore);
    currentBins.push(currentCount - currentBefore);
    referenceBefore = boundary.referenceCount;
    currentBefore = currentCount;
  }
  referenceBins.push(reference.count - referenceBefore, reference.nullCount);
  currentBins.push(current.count - currentBefore, currentMissing);

  let ksStatistic: number | null = null;
  let pValue: number | null = null;
  if (reference.count > 0 && current.count > 0) {
    ksStatistic = 0;
    reference.points.forEach((point, k) => {
      ksStatistic = Math.max(
        ksStatistic!,
        gapToBounds(prefix[2 * k + 1]! / current.count, point.below, reference.count),
        gapToBounds(prefix[2 * k + 2]! / current.count, point.atOrBelow, reference.count),
      );
    });
    pValue = kolmogorovSmirnovPValue(ksStatistic, reference.count, current.count);
  }
  const psi = populationStabilityIndex(referenceBins, currentBins);
  const totalCurrent = current.count + currentMissing;
  return {
    column: reference.column,
    kind: 'numeric',
    ...verdict(psi, pValue, thresholds, totalCurrent, reference.count + reference.nullCount, current.count === 0 ? 'every current value is missing or not a number' : undefined),
    psi,
    jensenShannonDistance: jensenShannonDistance(referenceBins, currentBins),
    ksStatistic,
    pValue,
    referenceCount: reference.count,
    currentCount: current.count,
    currentMissingCount: current.missingCount,
    currentInvalidCount: current.invalidCount,
    referenceMean: reference.mean,
    currentMean: current.count === 0 ? null : current.mean,
  };
}

/** The drift of a categorical column: chi-square, PSI and JS over the reference's categories, the new ones and the rest. */
export function categoricalColumnDrift(reference: CategoricalReference, current: CategoricalCounts, thresholds: DriftThresholds): ColumnDrift {
  const referenceBins = [...reference.counts];
  const currentBins = Array.from(current.counts);
  const unseen = current.unseen;
  const isReferenceComplete = reference.otherCount === 0;
  if (isReferenceComplete) {
    // Values the reference never had: a category each, with a reference count of 0.
    for (const entry of unseen.valueCounts) {
      referenceBins.push(0);
      currentBins.push(entry.count);
    }
    referenceBins.push(0);
    currentBins.push(unseen.otherCount);
  } else {
    // Past the reference's cap, an unlisted value may be one of its other values.
    referenceBins.push(reference.otherCount);
    currentBins.push(unseen.valueCounts.reduce((sum, entry) => sum + entry.count, 0) + unseen.otherCount);
  }
  const test = chiSquareTest(referenceBins, currentBins);
  const psi = populationStabilityIndex(referenceBins, currentBins);
  const referenceCount = reference.counts.reduce((sum, count) => sum + count, 0) + reference.otherCount;
  const missingCategories = reference.values.filter((_value, index) => current.counts[index] === 0).slice(0, listedCategories);
  return {
    column: reference.column,
    kind: 'categorical',
    ...verdict(psi, test?.pValue ?? null, thresholds, current.count, referenceCount, undefined),
    psi,
    jensenShannonDistance: jensenShannonDistance(referenceBins, currentBins),
    chiSquare: test?.statistic ?? null,
    degreesOfFreedom: test?.degreesOfFreedom ?? null,
    pValue: test?.pValue ?? null,
    referenceCount,
    currentCount: current.count,
    newCategories: unseen.valueCounts.slice(0, listedCategories).map((entry) => entry.value),
    missingCategories: current.count === 0 ? [] : missingCategories,
  };
}

/** How far `share` lies from the reference share the count bounds allow: 0 inside them. */
function gapToBounds(share: number, bounds: CountBounds, total: number): number {
  return Math.max(0, bounds[0] / total - share, share - bounds[1] / total);
}

/**
 * A significant change (p-value below the threshold) is `drift` from `psiDrift` on and a
 * `warning` from `psiWarning` on; an insignificant one is `stable` however large its PSI,
 * since with few rows PSI moves by chance. Without a test (every current value missing),
 * PSI alone decides.
 */
function verdict(
  psi: number | null,
  pValue: number | null,
  thresholds: DriftThresholds,
  currentRows: number,
  referenceRows: number,
  note: string | undefined,
): { verdict: DriftVerdict; reason: string } {
  if (currentRows === 0) return { verdict: 'no-data', reason: 'no current rows to compare' };
  if (referenceRows === 0 || psi === null) return { verdict: 'no-data', reason: 'the reference has no rows for this column' };
  const psiText = `PSI ${format(psi)}`;
  if (pValue !== null && pValue >= thresholds.pValue) {
    return { verdict: 'stable', reason: `p-value ${format(pValue)} ≥ ${thresholds.pValue}: no significant change (${psiText})` };
  }
  const significance = pValue === null ? (note ?? 'no test possible') : `p-value ${format(pValue)} < ${thresholds.pValue}`;
  if (psi >= thresholds.psiDrift) return { verdict: 'drift', reason: `${psiText} ≥ ${thresholds.psiDrift} and ${significance}` };
  if (psi >= thresholds.psiWarning) return { verdict: 'warning', reason: `${psiText} ≥ ${thresholds.psiWarning} and ${significance}` };
  return { verdict: 'stable', reason: `${psiText} < ${thresholds.psiWarning} (${significance})` };
}

function format(value: number): string {
  return value === 0 || (Math.abs(value) >= 0.001 && Math.abs(value) < 1e6) ? String(Number(value.toPrecision(3))) : value.toExponential(2);
}
