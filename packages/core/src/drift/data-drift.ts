import type { DataSet } from '../spec/v1/index.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { MLOpsError } from '../errors.js';
import { storeErrors } from '../store-errors.js';
import { describe, validateId, validateName } from '../validation.js';
import { requireRun } from '../catalogs/resolve.js';
import type { DataRows } from '../catalogs/data-profile.js';
import { compareDataSets, type DataComparison } from './compare-data-sets.js';
import type { DriftReport } from './drift-report.js';
import { driftMetrics, type LogDriftOptions } from './drift-metrics.js';
import { checkColumns, checkThresholds, dataSetReferences, defaultMaxCategories, measureDrift, rowReferences, type DriftOptions } from './measure-drift.js';

/**
 * What drift is measured against: a run (by id; its data set chosen as `pickDataSet` says),
 * a run's named data set, a data set read earlier with `data.getData`, or reference rows.
 */
export type DriftReference = string | { runId: string; dataSet?: string } | DataSet | DataRows;

/** Options of `data.compare`. */
export interface CompareDataOptions {
  /** Compare only this data set. Default: every data set name both runs have. */
  dataSet?: string;
}

/** Data sets a reference run is most likely trained on, by name, in order of preference. */
export const referenceDataSetNames = ['train', 'data'];

/**
 * The run's data set `name` names; without a name, its only data set, else the one named
 * 'train', else 'data'.
 * @throws MLOpsError NOT_FOUND naming what to log; INVALID_ARGUMENT when several data sets leave the choice open
 */
export async function pickDataSet(store: MetadataStoreV1, runId: string, name: string | undefined): Promise<DataSet> {
  validateId('run', runId);
  if (name !== undefined) validateName('data set name', name);
  const dataSets = await store.listDataSets(runId);
  if (dataSets.length === 0) {
    await requireRun(store, runId);
    throw new MLOpsError(
      'NOT_FOUND',
      `Run '${runId}' has no data set to measure drift against. Log its training data with data.logData('${runId}', rows, { name: '${name ?? 'train'}' }) and each column with data.logDataDistribution('${runId}', rows, column, { name: '${name ?? 'train'}' }).`,
      { providerId: store.providerId },
    );
  }
  if (name !== undefined) {
    const named = dataSets.find((dataSet) => dataSet.name === name);
    if (!named) throw storeErrors.dataSetNotFound(runId, name, store.providerId);
    return named;
  }
  if (dataSets.length === 1) return dataSets[0]!;
  for (const preferred of referenceDataSetNames) {
    const found = dataSets.find((dataSet) => dataSet.name === preferred);
    if (found) return found;
  }
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `Run '${runId}' has ${dataSets.length} data sets (${dataSets.map((dataSet) => `'${dataSet.name}'`).join(', ')}) and none named 'train'. Pass { runId, dataSet } to say which one is the reference.`,
  );
}

/** `data.drift`: see `DataCatalog.drift`. */
export async function measureDataDrift(store: MetadataStoreV1, reference: DriftReference, current: DataRows, options: DriftOptions = {}): Promise<DriftReport> {
  if (typeof options !== 'object' || options === null) throw new MLOpsError('INVALID_ARGUMENT', `The options ${describe(options)} are not an object. Pass e.g. { columns: ['age'] }.`);
  const thresholds = checkThresholds(options.thresholds);
  const columns = checkColumns(options.columns);
  const maxCategories = options.maxCategories ?? defaultMaxCategories;
  const settings = { thresholds, maxCategories };
  if (isRows(reference)) {
    const references = await rowReferences(reference, columns, maxCategories);
    return measureDrift(references, current, { runId: null, dataSet: null }, settings);
  }
  const dataSet = await referenceDataSet(store, reference);
  return measureDrift(dataSetReferences(dataSet, columns), current, { runId: dataSet.runId, dataSet: dataSet.name }, settings);
}

/** `data.compare`: see `DataCatalog.compare`. */
export async function compareRunData(store: MetadataStoreV1, runA: string, runB: string, options: CompareDataOptions = {}): Promise<DataComparison> {
  const name = options?.dataSet;
  if (name !== undefined) validateName('data set name', name);
  const [dataSetsA, dataSetsB] = await Promise.all([listDataSetsOf(store, runA), listDataSetsOf(store, runB)]);
  const namesA = new Set(dataSetsA.map((dataSet) => dataSet.name));
  const namesB = new Set(dataSetsB.map((dataSet) => dataSet.name));
  if (name !== undefined) {
    if (!namesA.has(name)) throw storeErrors.dataSetNotFound(runA, name, store.providerId);
    if (!namesB.has(name)) throw storeErrors.dataSetNotFound(runB, name, store.providerId);
  }
  const thresholds = checkThresholds(undefined);
  const dataSets = dataSetsA
    .filter((dataSet) => (name === undefined ? namesB.has(dataSet.name) : dataSet.name === name))
    .map((dataSet) => compareDataSets(dataSet, dataSetsB.find((other) => other.name === dataSet.name)!, thresholds));
  return {
    runA,
    runB,
    dataSets,
    onlyInA: name === undefined ? dataSetsA.filter((dataSet) => !namesB.has(dataSet.name)).map((dataSet) => dataSet.name) : [],
    onlyInB: name === undefined ? dataSetsB.filter((dataSet) => !namesA.has(dataSet.name)).map((dataSet) => dataSet.name) : [],
  };
}

/** `data.logDrift`: see `DataCatalog.logDrift`. */
export async function logDataDrift(store: MetadataStoreV1, runId: string, report: DriftReport, options: LogDriftOptions = {}): Promise<void> {
  validateId('run', runId);
  const metrics = driftMetrics(runId, report, options ?? {});
  await requireRun(store, runId);
  if (metrics.length > 0) await store.logMetrics(metrics);
}

async function listDataSetsOf(store: MetadataStoreV1, runId: string): Promise<DataSet[]> {
  await requireRun(store, runId);
  return store.listDataSets(runId);
}

async function referenceDataSet(store: MetadataStoreV1, reference: Exclude<DriftReference, DataRows>): Promise<DataSet> {
  if (typeof reference === 'string') return pickDataSet(store, reference, undefined);
  if (typeof reference === 'object' && reference !== null) {
    if (Array.isArray((reference as DataSet).distributions) && Array.isArray((reference as DataSet).columns)) return reference as DataSet;
    const { runId, dataSet } = reference as { runId: unknown; dataSet?: unknown };
    if (typeof runId === 'string') return pickDataSet(store, runId, dataSet as string | undefined);
  }
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `The drift reference ${describe(reference)} is neither a run id, { runId, dataSet }, a data set nor rows. Pass e.g. the training run's id, or the training rows.`,
  );
}

function isRows(value: unknown): value is DataRows {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}
