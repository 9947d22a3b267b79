import type { DataSet } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { asIterable, checkDistributionOptions, checkRow, defaultMaxCategories, type DataRows } from '../catalogs/data-profile.js';
import { DistributionBuilder } from '../catalogs/distribution-builder.js';
import { describe, validateName } from '../validation.js';
import { columnReference, type ColumnReference } from './column-reference.js';
import { categoricalColumnDrift, numericColumnDrift } from './column-drift.js';
import { CategoricalDriftCounter, NumericDriftCounter } from './drift-counts.js';
import { defaultDriftThresholds, worstVerdict, type DriftReport, type DriftThresholds } from './drift-report.js';

/** Options of `data.drift`. */
export interface DriftOptions {
  /** The columns to compare. Default: every column the reference has a distribution of. */
  columns?: string[];
  /** Thresholds of the verdicts; those left out keep their defaults (PSI 0.1 and 0.25, p-value 0.05). */
  thresholds?: Partial<DriftThresholds>;
  /**
   * Distinct values kept per categorical column of reference rows, and new values listed per
   * column of current rows; the rest are counted together. Default 1000.
   */
  maxCategories?: number;
}

/** Columns of reference rows summarised at most, so rows with ever new keys cannot exhaust memory. */
const maxReferenceColumns = 10_000;
/** Names kept in `columnsWithoutReference`. */
const maxColumnsWithoutReference = 100;

/** The thresholds with their defaults, checked: PSI thresholds 0 ≤ warning ≤ drift, a p-value in (0, 1). */
export function checkThresholds(thresholds: Partial<DriftThresholds> | undefined): DriftThresholds {
  if (thresholds !== undefined && (typeof thresholds !== 'object' || thresholds === null)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The thresholds ${describe(thresholds)} are not an object. Pass e.g. { psiDrift: 0.2, pValue: 0.01 }.`);
  }
  const merged = { ...defaultDriftThresholds, ...thresholds };
  for (const key of ['psiWarning', 'psiDrift', 'pValue'] as const) {
    const value = merged[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (key === 'pValue' && (value <= 0 || value >= 1))) {
      throw new MLOpsError('INVALID_ARGUMENT', `The threshold ${key} ${describe(value)} is not ${key === 'pValue' ? 'a number between 0 and 1' : 'a finite number of at least 0'}. Pass e.g. { ${key}: ${defaultDriftThresholds[key]} }.`);
    }
  }
  if (merged.psiWarning > merged.psiDrift) {
    throw new MLOpsError('INVALID_ARGUMENT', `The threshold psiWarning (${merged.psiWarning}) is above psiDrift (${merged.psiDrift}). Pass a warning threshold at most the drift one.`);
  }
  return merged;
}

/**
 * The references of a stored data set's columns, from their logged distributions.
 * @throws MLOpsError NOT_FOUND when the data set has no distributions (or none of a column
 *   asked for that is in its schema); INVALID_ARGUMENT for a column it does not have
 */
export function dataSetReferences(dataSet: DataSet, columns: readonly string[] | undefined): ColumnReference[] {
  const logHint = (column: string) => `data.logDataDistribution('${dataSet.runId}', rows, '${column}', { name: '${dataSet.name}' })`;
  if (columns === undefined) {
    if (dataSet.distributions.length === 0) {
      throw new MLOpsError(
        'NOT_FOUND',
        `Data set '${dataSet.name}' of run '${dataSet.runId}' has no column distributions to measure drift against. Log them with ${logHint(dataSet.columns[0]?.name ?? 'column')} for each column.`,
      );
    }
    return dataSet.distributions.map(columnReference);
  }
  return columns.map((column) => {
    const distribution = dataSet.distributions.find((candidate) => candidate.column === column);
    if (distribution) return columnReference(distribution);
    if (dataSet.columns.some((candidate) => candidate.name === column)) {
      throw new MLOpsError('NOT_FOUND', `Data set '${dataSet.name}' of run '${dataSet.runId}' has no distribution of column '${column}'. Log it with ${logHint(column)}.`);
    }
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `Data set '${dataSet.name}' of run '${dataSet.runId}' has no column '${column}'; its columns are ${dataSet.columns.map((candidate) => `'${candidate.name}'`).join(', ') || 'none'}. Pass some of those in { columns }.`,
    );
  });
}

/** The references of reference rows' columns (or of `columns`), read once in bounded memory. */
export async function rowReferences(rows: DataRows, columns: readonly string[] | undefined, maxCategories: number): Promise<ColumnReference[]> {
  const settings = checkDistributionOptions({ maxCategories });
  const builders = new Map<string, DistributionBuilder>();
  for (const column of columns ?? []) builders.set(column, new DistributionBuilder(column, settings));
  let rowIndex = 0;
  for await (const row of asIterable(rows)) {
    checkRow(row, rowIndex);
    if (columns === undefined) {
      for (const key in row) {
        if (builders.has(key) || !Object.hasOwn(row, key)) continue;
        if (builders.size >= maxReferenceColumns) {
          throw new MLOpsError('INVALID_ARGUMENT', `The reference rows have more than ${maxReferenceColumns} columns. Pass the ones to compare in { columns }.`);
        }
        const builder = new DistributionBuilder(key, settings);
        // The rows before this one lacked the column: missing values.
        for (let earlier = 0; earlier < rowIndex; earlier++) builder.add(null, earlier);
        builders.set(key, builder);
      }
    }
    for (const builder of builders.values()) builder.add(row[builder.column], rowIndex);
    rowIndex++;
  }
  return [...builders.values()].map((builder) => columnReference(builder.build()));
}

/**
 * Reads the current rows once and measures each reference column's drift. Memory stays flat
 * in the number of rows: each column keeps counts per reference point or category.
 */
export async function measureDrift(
  references: readonly ColumnReference[],
  current: DataRows,
  source: DriftReport['reference'],
  options: { thresholds: DriftThresholds; maxCategories: number },
): Promise<DriftReport> {
  const counters = references.map((reference) =>
    reference.kind === 'numeric' ? { reference, counter: new NumericDriftCounter(reference) } : { reference, counter: new CategoricalDriftCounter(reference, options.maxCategories) },
  );
  const referenced = new Set(references.map((reference) => reference.column));
  const columnsWithoutReference = new Set<string>();
  let rowIndex = 0;
  for await (const row of asIterable(current)) {
    checkRow(row, rowIndex);
    for (const { reference, counter } of counters) counter.add(row[reference.column], rowIndex);
    if (columnsWithoutReference.size < maxColumnsWithoutReference) {
      for (const key in row) if (!referenced.has(key) && Object.hasOwn(row, key)) columnsWithoutReference.add(key);
    }
    rowIndex++;
  }
  const columns = counters.map(({ reference, counter }) =>
    reference.kind === 'numeric'
      ? numericColumnDrift(reference, counter as NumericDriftCounter, options.thresholds)
      : categoricalColumnDrift(reference, counter as CategoricalDriftCounter, options.thresholds),
  );
  return {
    verdict: worstVerdict(columns.map((column) => column.verdict)),
    columns,
    driftedColumns: columns.filter((column) => column.verdict === 'drift').map((column) => column.column),
    reference: source,
    currentRowCount: rowIndex,
    columnsWithoutReference: [...columnsWithoutReference].slice(0, maxColumnsWithoutReference),
    thresholds: options.thresholds,
    createdAt: Date.now(),
  };
}

/** Checks the `columns` option: a non-empty list of distinct column names. */
export function checkColumns(columns: unknown): string[] | undefined {
  if (columns === undefined) return undefined;
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The columns ${describe(columns)} are not a non-empty list of names. Pass e.g. { columns: ['age', 'income'] }, or leave it out to compare every column.`);
  }
  for (const column of columns) validateName('column name', column);
  return [...new Set(columns as string[])];
}

export { defaultMaxCategories };
