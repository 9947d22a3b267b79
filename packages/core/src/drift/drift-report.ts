/**
 * A column's or a report's verdict: `stable`, `warning` (a moderate change), `drift` (a
 * major change), or `no-data` when there was nothing to compare.
 */
export type DriftVerdict = 'stable' | 'warning' | 'drift' | 'no-data';

/** Where verdicts change; see the core README, "Drift and monitoring". */
export interface DriftThresholds {
  /** Population stability index from which a significant change is a `warning`. Default 0.1. */
  psiWarning: number;
  /** Population stability index from which a significant change is `drift`. Default 0.25. */
  psiDrift: number;
  /** A change is significant when its test's p-value is below this. Default 0.05. */
  pValue: number;
}

/** The thresholds used unless `thresholds` says otherwise. */
export const defaultDriftThresholds: Readonly<DriftThresholds> = Object.freeze({ psiWarning: 0.1, psiDrift: 0.25, pValue: 0.05 });

/** How one column moved between the reference and the current data. */
export interface ColumnDrift {
  column: string;
  /** How the reference summarises the column. */
  kind: 'numeric' | 'categorical';
  verdict: DriftVerdict;
  /** One sentence saying why, e.g. `PSI 0.31 ≥ 0.25 and p-value 2.1e-9 < 0.05`. */
  reason: string;
  /**
   * Population stability index over the reference's deciles (numeric; plus a bin for
   * missing values) or its categories; null when either side has no rows.
   */
  psi: number | null;
  /** Jensen–Shannon distance (base 2, 0 to 1) over the same bins; null when either side has no rows. */
  jensenShannonDistance: number | null;
  /** Numeric: the Kolmogorov–Smirnov statistic, the largest gap between the two cumulative distributions (0 to 1). */
  ksStatistic?: number | null;
  /** Categorical: Pearson's chi-square statistic of the 2 × k table of counts. */
  chiSquare?: number | null;
  /** Categorical: the chi-square test's degrees of freedom. */
  degreesOfFreedom?: number | null;
  /** The p-value of the Kolmogorov–Smirnov (numeric) or chi-square (categorical) test; null when it cannot be computed. */
  pValue: number | null;
  /** Reference values compared: numbers for a numeric column (nulls aside), rows for a categorical one. */
  referenceCount: number;
  /** Current values compared, counted the same way. */
  currentCount: number;
  /** Numeric: current values that were null, undefined or NaN. */
  currentMissingCount?: number;
  /** Numeric: current values that were not numbers (strings, booleans, objects), left out of the tests. */
  currentInvalidCount?: number;
  /** Numeric: the reference's mean. */
  referenceMean?: number;
  /** Numeric: the current values' mean; null when none. */
  currentMean?: number | null;
  /** Categorical: up to 10 current values the reference does not list, most frequent first. */
  newCategories?: string[];
  /** Categorical: up to 10 reference values absent from the current data, most frequent first. */
  missingCategories?: string[];
}

/** What `data.drift` and `data.compare` find: per column and overall. */
export interface DriftReport {
  /** The worst column verdict (`no-data` only when every column has no data). */
  verdict: DriftVerdict;
  columns: ColumnDrift[];
  /** Columns whose verdict is `drift`. */
  driftedColumns: string[];
  /** The reference: a run's data set, or rows given directly (both null). */
  reference: { runId: string | null; dataSet: string | null };
  /** Current rows read. */
  currentRowCount: number;
  /** Columns of the current rows the reference has no distribution for (not compared), at most 100. */
  columnsWithoutReference: string[];
  /** The thresholds the verdicts used. */
  thresholds: DriftThresholds;
  /** When the report was made, epoch milliseconds. */
  createdAt: number;
}

const verdictRank: Record<DriftVerdict, number> = { 'no-data': 0, stable: 1, warning: 2, drift: 3 };

/** The worst of the verdicts; `no-data` when there are none or all are `no-data`. */
export function worstVerdict(verdicts: Iterable<DriftVerdict>): DriftVerdict {
  let worst: DriftVerdict = 'no-data';
  for (const verdict of verdicts) if (verdictRank[verdict] > verdictRank[worst]) worst = verdict;
  return worst;
}
