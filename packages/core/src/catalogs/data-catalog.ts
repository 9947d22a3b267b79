import type { DataDistribution, DataSet } from '../spec/v1/index.js';
import { uuidv7 } from '../ids.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { storeErrors } from '../store-errors.js';
import { validateId, validateName } from '../validation.js';
import { computeDistribution, profileData, type DataRows } from './data-profile.js';
import { requireRun } from './resolve.js';

export interface LogDataOptions {
  /** Distinguishes several data sets of one run, e.g. 'train' and 'test'. Default 'data'. */
  name?: string;
}

export interface LogDataDistributionOptions {
  /** The data set the column belongs to. Default 'data'. */
  name?: string;
  /** Histogram bins for numeric columns. Default 10. */
  bins?: number;
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
   * Records the distribution of one column of a logged data set: value counts for
   * categorical columns, a summary and a histogram for numeric ones.
   */
  async logDataDistribution(runId: string, rows: DataRows, column: string, options: LogDataDistributionOptions = {}): Promise<DataDistribution> {
    validateId('run', runId);
    validateName('column name', column);
    const name = validateName('data set name', options.name ?? defaultDataSetName);
    const dataSets = await this.store.listDataSets(runId);
    if (!dataSets.some((dataSet) => dataSet.name === name)) {
      await requireRun(this.store, runId);
      throw storeErrors.dataSetNotFound(runId, name, this.store.providerId);
    }
    const distribution = await computeDistribution(rows, column, options.bins);
    await this.store.saveDataDistribution(runId, name, distribution);
    return distribution;
  }
}
