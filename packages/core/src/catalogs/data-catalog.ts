import type { DataDistribution, DataSet } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { uuidv7 } from '../ids.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { storeErrors } from '../store-errors.js';
import { validateId, validateName } from '../validation.js';
import { computeDistribution, profileData, type DataRows } from './data-profile.js';
import { requireRun } from './resolve.js';
import type { DataComparison } from '../drift/compare-data-sets.js';
import { compareRunData, logDataDrift, measureDataDrift, type CompareDataOptions, type DriftReference } from '../drift/data-drift.js';
import type { LogDriftOptions } from '../drift/drift-metrics.js';
import type { DriftReport } from '../drift/drift-report.js';
import type { DriftOptions } from '../drift/measure-drift.js';

export interface LogDataOptions {
  /** Distinguishes several data sets of one run, e.g. 'train' and 'test'. Default 'data'. */
  name?: string;
}

export interface LogDataDistributionOptions {
  /** The data set the column belongs to. Default: the run's only data set when it has exactly one, else 'data'. */
  name?: string;
  /** Histogram bins for numeric columns, 1 to 10000. Default 10. */
  bins?: number;
  /**
   * Most distinct values listed for a categorical column, 1 to 1,000,000; the rows of the
   * other values add up in `otherCount`. Default 1000.
   */
  maxCategories?: number;
}

const defaultDataSetName = 'data';

/** The data a model was trained on: schema, row count, content hash and distributions. */
export class DataCatalog {
  constructor(private readonly store: MetadataStoreV1) {}

  /**
   * Records a data set's schema (column names and inferred types), row count and SHA-256
   * of its canonical encoding. Rows are read once and may be streamed (async iterable).
   */
  async logData(runId: string, rows: DataRows, options: LogDataOptions = {}): Promise<DataSet> {
    validateId('run', runId);
    const name = validateName('data set name', options.name ?? defaultDataSetName);
    const profile = await profileData(rows);
    const dataSet: DataSet = { id: uuidv7(), runId, name, ...profile, distributions: [], createdAt: Date.now() };
    await this.store.saveDataSet(dataSet);
    return dataSet;
  }

  /** The run's data sets with their distributions. */
  async getData(runId: string): Promise<DataSet[]> {
    await requireRun(this.store, runId);
    return this.store.listDataSets(runId);
  }

  /**
   * How run B's data differs from run A's, per data set name both have (or `dataSet`):
   * schema changes, row counts, whether the content hashes match, and per column the drift
   * of B's stored distribution against A's (see `drift`).
   * @throws MLOpsError NOT_FOUND for an unknown run, or a `dataSet` one of them lacks
   */
  async compare(runA: string, runB: string, options: CompareDataOptions = {}): Promise<DataComparison> {
    return compareRunData(this.store, runA, runB, options);
  }

  /**
   * Measures how far `current` rows drifted from a reference: per column, the population
   * stability index, the Kolmogorov–Smirnov statistic and p-value (numeric) or chi-square and
   * p-value (categorical), the Jensen–Shannon distance, and a verdict against `thresholds`.
   * A reference run is read from its stored distributions (its only data set, else 'train',
   * else 'data'), so its rows are not needed again; current rows are read once, in memory
   * that does not grow with their number. See the package README, "Drift and monitoring".
   *
   * @param reference a run id, `{ runId, dataSet }`, a data set from `getData`, or reference rows
   * @param current rows: an array, an iterable or an async iterable of records
   * @throws MLOpsError NOT_FOUND when the reference run has no data set or distributions (naming what to log);
   *   INVALID_ARGUMENT for bad thresholds, a column the reference lacks, or rows that are not records
   * @example
   * const report = await mlops.data.drift(trainingRun.id, liveRows, { thresholds: { psiDrift: 0.2 } });
   * if (report.verdict === 'drift') console.warn(`drift in ${report.driftedColumns.join(', ')}`);
   */
  async drift(reference: DriftReference, current: DataRows, options: DriftOptions = {}): Promise<DriftReport> {
    return measureDataDrift(this.store, reference, current, options);
  }

  /**
   * Logs a drift report as metrics of a run (`drift.<column>.psi`, `.p_value`, `.verdict` …;
   * see `driftMetrics`), so reports chart over `step` and filter like any metric
   * (`metrics.drift.age.psi > 0.25`).
   * @throws MLOpsError NOT_FOUND for an unknown run; INVALID_ARGUMENT for a report without columns or a bad step
   */
  async logDrift(runId: string, report: DriftReport, options: LogDriftOptions = {}): Promise<void> {
    return logDataDrift(this.store, runId, report, options);
  }

  /**
   * Records the distribution of one column of a logged data set: value counts for
   * categorical columns, a summary and a histogram for numeric ones. Rows are read once, in
   * memory that does not grow with their number: numeric histograms come from a sketch
   * (each value placed within 0.1% of the column's range) and categorical columns list their
   * `maxCategories` most frequent values (see the package README, "Data distributions").
   *
   * @throws MLOpsError INVALID_ARGUMENT for bad options, a column the data set does not
   *   have (listing those it has), several data sets and no `name`, or a value without a
   *   canonical form (an invalid Date); NOT_FOUND when the run or the data set does not exist
   */
  async logDataDistribution(runId: string, rows: DataRows, column: string, options: LogDataDistributionOptions = {}): Promise<DataDistribution> {
    validateId('run', runId);
    validateName('column name', column);
    if (options.name !== undefined) validateName('data set name', options.name);
    const dataSets = await this.store.listDataSets(runId);
    const dataSet = chooseDataSet(runId, dataSets, options.name);
    if (!dataSet) {
      await requireRun(this.store, runId);
      throw storeErrors.dataSetNotFound(runId, options.name ?? defaultDataSetName, this.store.providerId);
    }
    if (!dataSet.columns.some((candidate) => candidate.name === column)) {
      throw new MLOpsError(
        'INVALID_ARGUMENT',
        `Data set '${dataSet.name}' of run '${runId}' has no column '${column}'; its columns are ${dataSet.columns.map((candidate) => `'${candidate.name}'`).join(', ') || 'none'}. Pass one of those.`,
      );
    }
    const distribution = await computeDistribution(rows, column, { bins: options.bins, maxCategories: options.maxCategories });
    await this.store.saveDataDistribution(runId, dataSet.name, distribution);
    return distribution;
  }
}

/** The data set `name` names; without a name, the run's only data set, or else the one named 'data'. */
function chooseDataSet(runId: string, dataSets: readonly DataSet[], name: string | undefined): DataSet | undefined {
  if (name !== undefined) return dataSets.find((dataSet) => dataSet.name === name);
  if (dataSets.length === 1) return dataSets[0];
  const named = dataSets.find((dataSet) => dataSet.name === defaultDataSetName);
  if (named || dataSets.length === 0) return named;
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `Run '${runId}' has ${dataSets.length} data sets (${dataSets.map((dataSet) => `'${dataSet.name}'`).join(', ')}). Pass { name } to say which one the column belongs to.`,
  );
}
