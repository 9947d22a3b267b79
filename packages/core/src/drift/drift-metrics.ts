import type { Metric } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { createMetric } from '../catalogs/metric-point.js';
import { describe } from '../validation.js';
import type { ColumnDrift, DriftReport, DriftVerdict } from './drift-report.js';

/** Options of `data.logDrift`. */
export interface LogDriftOptions {
  /** The step of every metric logged, e.g. the report's number in a series. Integer, default 0. */
  step?: number;
  /** Epoch milliseconds of every metric logged. Default: the report's `createdAt`. */
  timestamp?: number;
}

/** Verdicts as metric values, so they chart and filter: `metrics.drift.verdict >= 2`. */
export const driftVerdictValues: Readonly<Record<Exclude<DriftVerdict, 'no-data'>, number>> = Object.freeze({ stable: 0, warning: 1, drift: 2 });

/** Metric name suffixes per column statistic. */
const columnMetrics: [suffix: string, read: (column: ColumnDrift) => number | null | undefined][] = [
  ['psi', (column) => column.psi],
  ['js_distance', (column) => column.jensenShannonDistance],
  ['ks_statistic', (column) => column.ksStatistic],
  ['chi_square', (column) => column.chiSquare],
  ['p_value', (column) => column.pValue],
  ['verdict', (column) => verdictValue(column.verdict)],
];

/**
 * A report as metrics of a run: `drift.<column>.psi`, `.js_distance`, `.ks_statistic`
 * (numeric), `.chi_square` (categorical), `.p_value` and `.verdict` (0 stable, 1 warning,
 * 2 drift) per column, and `drift.verdict`, `drift.drifted_columns` and `drift.rows` overall.
 * Statistics that could not be computed (a column without data) are left out.
 */
export function driftMetrics(runId: string, report: DriftReport, options: LogDriftOptions): Metric[] {
  if (typeof report !== 'object' || report === null || !Array.isArray(report.columns)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The drift report ${describe(report)} has no columns. Pass what data.drift() returned.`);
  }
  const timestamp = options.timestamp ?? (typeof report.createdAt === 'number' ? report.createdAt : undefined);
  const metrics: Metric[] = [];
  const add = (key: string, value: number | null | undefined) => {
    if (typeof value === 'number') metrics.push(createMetric(runId, key, value, options.step, timestamp));
  };
  for (const column of report.columns) {
    for (const [suffix, read] of columnMetrics) add(`drift.${column.column}.${suffix}`, read(column));
  }
  add('drift.verdict', verdictValue(report.verdict));
  add('drift.drifted_columns', report.columns.filter((column) => column.verdict === 'drift').length);
  add('drift.rows', report.currentRowCount);
  return metrics;
}

function verdictValue(verdict: DriftVerdict): number | undefined {
  return verdict === 'no-data' ? undefined : driftVerdictValues[verdict];
}
