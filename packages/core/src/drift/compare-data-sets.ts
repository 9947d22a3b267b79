import type { CategoricalDistribution, ColumnType, DataDistribution, DataSet, NumericDistribution } from '../spec/v1/index.js';
import { columnReference, type CategoricalReference, type NumericReference } from './column-reference.js';
import { categoricalColumnDrift, numericColumnDrift } from './column-drift.js';
import type { CategoricalCounts, NumericCounts } from './drift-counts.js';
import { worstVerdict, type ColumnDrift, type DriftReport, type DriftThresholds } from './drift-report.js';

/** How two runs' data differ: per data set name they share, and the names only one has. */
export interface DataComparison {
  runA: string;
  runB: string;
  /** The data sets both runs have (or the one asked for), in run A's order. */
  dataSets: DataSetComparison[];
  /** Names of data sets only run A has. */
  onlyInA: string[];
  /** Names of data sets only run B has. */
  onlyInB: string[];
}

/** How one data set of run B differs from the data set of the same name of run A. */
export interface DataSetComparison {
  name: string;
  rowCountA: number;
  rowCountB: number;
  sha256A: string;
  sha256B: string;
  /** Same SHA-256: the same rows in the same order. */
  isSameContent: boolean;
  /** Columns of B's schema that A's lacks. */
  columnsAdded: string[];
  /** Columns of A's schema that B's lacks. */
  columnsRemoved: string[];
  /** Columns whose inferred type changed. */
  typeChanges: { column: string; from: ColumnType; to: ColumnType }[];
  /**
   * Drift of B against A per column with a stored distribution in A, estimated from the two
   * summaries (B's counts at A's points are interpolated from B's cumulative distribution).
   */
  drift: DriftReport;
}

/** Compares two stored data sets of one name. */
export function compareDataSets(a: DataSet, b: DataSet, thresholds: DriftThresholds): DataSetComparison {
  const typesA = new Map(a.columns.map((column) => [column.name, column.type]));
  const typesB = new Map(b.columns.map((column) => [column.name, column.type]));
  const typeChanges = a.columns
    .filter((column) => typesB.has(column.name) && typesB.get(column.name) !== column.type)
    .map((column) => ({ column: column.name, from: column.type, to: typesB.get(column.name)! }));
  const distributionsB = new Map(b.distributions.map((distribution) => [distribution.column, distribution]));
  const columns = a.distributions.map((distribution) => compareColumn(distribution, distributionsB.get(distribution.column), thresholds));
  const compared = new Set(a.distributions.map((distribution) => distribution.column));
  return {
    name: a.name,
    rowCountA: a.rowCount,
    rowCountB: b.rowCount,
    sha256A: a.sha256,
    sha256B: b.sha256,
    isSameContent: a.sha256 === b.sha256,
    columnsAdded: b.columns.filter((column) => !typesA.has(column.name)).map((column) => column.name),
    columnsRemoved: a.columns.filter((column) => !typesB.has(column.name)).map((column) => column.name),
    typeChanges,
    drift: {
      verdict: worstVerdict(columns.map((column) => column.verdict)),
      columns,
      driftedColumns: columns.filter((column) => column.verdict === 'drift').map((column) => column.column),
      reference: { runId: a.runId, dataSet: a.name },
      currentRowCount: b.rowCount,
      columnsWithoutReference: b.distributions.filter((distribution) => !compared.has(distribution.column)).map((distribution) => distribution.column),
      thresholds,
      createdAt: Date.now(),
    },
  };
}

function compareColumn(a: DataDistribution, b: DataDistribution | undefined, thresholds: DriftThresholds): ColumnDrift {
  const reference = columnReference(a);
  if (b === undefined || b.kind !== a.kind) {
    const reason = b === undefined ? 'run B has no distribution of this column' : `the column is ${a.kind} in run A and ${b.kind} in run B`;
    return { column: a.column, kind: a.kind, verdict: b === undefined ? 'no-data' : 'drift', reason, psi: null, jensenShannonDistance: null, pValue: null, referenceCount: 0, currentCount: 0 };
  }
  return reference.kind === 'numeric'
    ? numericColumnDrift(reference, numericCountsAt(reference, b as NumericDistribution), thresholds)
    : categoricalColumnDrift(reference, categoricalCountsOf(reference, b as CategoricalDistribution), thresholds);
}

/** B's values at A's points, read from B's cumulative distribution (interpolated between its points). */
function numericCountsAt(reference: NumericReference, distribution: NumericDistribution): NumericCounts {
  const other = columnReference(distribution) as NumericReference;
  const total = distribution.summary.count;
  const middle = (bounds: readonly [number, number]) => (bounds[0] + bounds[1]) / 2;
  const countUpTo = (value: number, isInclusive: boolean): number => {
    const index = other.points.findIndex((point) => point.value >= value);
    if (index < 0) return total;
    const point = other.points[index]!;
    if (point.value === value) return middle(isInclusive ? point.atOrBelow : point.below);
    if (index === 0) return 0;
    const previous = other.points[index - 1]!;
    const low = middle(previous.atOrBelow);
    const high = middle(point.below);
    return low + ((high - low) * (value - previous.value)) / (point.value - previous.value);
  };
  const cells = new Float64Array(2 * reference.points.length + 1);
  let before = 0;
  reference.points.forEach((point, k) => {
    const below = Math.max(before, countUpTo(point.value, false));
    const atOrBelow = Math.max(below, countUpTo(point.value, true));
    cells[2 * k] = below - before;
    cells[2 * k + 1] = atOrBelow - below;
    before = atOrBelow;
  });
  cells[cells.length - 1] = Math.max(0, total - before);
  return { cells, count: total, missingCount: distribution.summary.nullCount, invalidCount: 0, mean: distribution.summary.mean };
}

function categoricalCountsOf(reference: CategoricalReference, distribution: CategoricalDistribution): CategoricalCounts {
  const countOf = new Map(distribution.valueCounts.map((entry) => [entry.value, entry.count]));
  const listed = new Set(reference.values);
  const total = distribution.valueCounts.reduce((sum, entry) => sum + entry.count, 0) + (distribution.otherCount ?? 0);
  return {
    counts: reference.values.map((value) => countOf.get(value) ?? 0),
    unseen: { valueCounts: distribution.valueCounts.filter((entry) => !listed.has(entry.value)), otherCount: distribution.otherCount ?? 0 },
    count: total,
  };
}
