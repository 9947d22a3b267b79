import type { CategoricalDistribution, DataDistribution, NumericDistribution } from '../spec/v1/index.js';

/** Bounds on a reference count that a summary pins only to a range; `[n, n]` when exact. */
export type CountBounds = readonly [low: number, high: number];

/**
 * One point of a reference column's cumulative distribution: how many reference values lie
 * below `value` and at or below it, each known exactly or within bounds.
 */
export interface CdfPoint {
  value: number;
  below: CountBounds;
  atOrBelow: CountBounds;
}

/** A split between bins: below a point (`'below'`) or just after it (`'atOrBelow'`), with the exact reference count before it. */
export interface BinBoundary {
  point: number;
  side: 'below' | 'atOrBelow';
  referenceCount: number;
}

/** What a numeric column's drift is measured against, from a stored summary or reference rows. */
export interface NumericReference {
  kind: 'numeric';
  column: string;
  /** Non-null values. */
  count: number;
  nullCount: number;
  mean: number;
  /** Sorted by value, first at the minimum, last at the maximum. */
  points: CdfPoint[];
  /** Splits of the stability index's bins, in order. */
  boundaries: BinBoundary[];
  /** Where the points come from: the stored cumulative distribution, or the histogram of an older summary. */
  source: 'cdf' | 'histogram';
}

/** What a categorical column's drift is measured against. */
export interface CategoricalReference {
  kind: 'categorical';
  column: string;
  /** Listed values and their counts, most frequent first. */
  values: string[];
  counts: number[];
  /** Rows of values not listed (past the category cap); 0 when every value is listed. */
  otherCount: number;
}

export type ColumnReference = NumericReference | CategoricalReference;

/** Bins the stability index uses: the reference's deciles. */
const psiBinCount = 10;

/** The reference of one column from its stored (or freshly built) distribution. */
export function columnReference(distribution: DataDistribution): ColumnReference {
  return distribution.kind === 'numeric' ? numericReference(distribution) : categoricalReference(distribution);
}

function categoricalReference(distribution: CategoricalDistribution): CategoricalReference {
  return {
    kind: 'categorical',
    column: distribution.column,
    values: distribution.valueCounts.map((entry) => entry.value),
    counts: distribution.valueCounts.map((entry) => entry.count),
    otherCount: distribution.otherCount ?? 0,
  };
}

function numericReference(distribution: NumericDistribution): NumericReference {
  const { count, nullCount, mean } = distribution.summary;
  const base = { kind: 'numeric' as const, column: distribution.column, count, nullCount, mean };
  const { cdf } = distribution;
  if (cdf && cdf.values.length > 0 && cdf.values.length === cdf.counts.length) {
    const points = cdf.values.map((value, index): CdfPoint => {
      const atOrBelow = cdf.counts[index]!;
      const previous = index === 0 ? 0 : cdf.counts[index - 1]!;
      // Every distinct value listed: nothing lies between two points. Otherwise values between
      // them may equal this one, and only the first point (the minimum) has nothing below.
      const below: CountBounds = cdf.isComplete || index === 0 ? [previous, previous] : [previous, atOrBelow];
      return { value, below, atOrBelow: [atOrBelow, atOrBelow] };
    });
    return { ...base, points, boundaries: decileBoundaries(points, count), source: 'cdf' };
  }
  return { ...base, ...histogramPoints(distribution), source: 'histogram' };
}

/** The first point at or past each decile, as `atOrBelow` splits; the maximum is no split. */
function decileBoundaries(points: readonly CdfPoint[], count: number): BinBoundary[] {
  const boundaries: BinBoundary[] = [];
  for (let decile = 1; decile < psiBinCount; decile++) {
    const index = points.findIndex((point) => point.atOrBelow[0] >= (count * decile) / psiBinCount);
    if (index < 0 || index === points.length - 1) break;
    if (boundaries.at(-1)?.point === index) continue;
    boundaries.push({ point: index, side: 'atOrBelow', referenceCount: points[index]!.atOrBelow[0] });
  }
  return boundaries;
}

/**
 * Points and bins of a summary logged without a cumulative distribution: at each histogram
 * edge the count below it is exact (bins are [low, high), the last closed), what lies at it is not.
 */
function histogramPoints(distribution: NumericDistribution): Pick<NumericReference, 'points' | 'boundaries'> {
  const { binEdges, counts } = distribution.histogram;
  const total = distribution.summary.count;
  const first = binEdges[0] ?? distribution.summary.min;
  const last = binEdges.at(-1) ?? distribution.summary.max;
  if (!(last > first)) return { points: [{ value: first, below: [0, 0], atOrBelow: [total, total] }], boundaries: [] };
  // cumulative[i]: values below edge i.
  const cumulative = [0];
  for (const count of counts) cumulative.push(cumulative.at(-1)! + count);
  const points: CdfPoint[] = [];
  const boundaries: BinBoundary[] = [];
  const lastIndex = binEdges.length - 1;
  for (let index = 0; index < lastIndex; index++) {
    points.push({ value: binEdges[index]!, below: [cumulative[index]!, cumulative[index]!], atOrBelow: [cumulative[index]!, cumulative[index + 1]!] });
    if (index > 0) boundaries.push({ point: index, side: 'below', referenceCount: cumulative[index]! });
  }
  points.push({ value: last, below: [cumulative[lastIndex - 1]!, total], atOrBelow: [total, total] });
  return { points, boundaries };
}
