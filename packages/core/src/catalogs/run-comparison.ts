import { MLOpsError } from '../errors.js';
import { checkLifecycleFilter } from '../search/lifecycle-filter.js';
import { compareCodePoints } from '../search/search-ordering.js';
import type { ExperimentKeys, LifecycleFilter, Run } from '../spec/v1/index.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import { describe } from '../validation.js';
import { requireRun, resolveExperiment, type ExperimentRef } from './resolve.js';

/** Most runs `compareRuns` takes at once. */
export const maxComparedRuns = 100;

/** One key across the compared runs. */
export interface ComparedValues<Value> {
  key: string;
  /** One value per run, in the order of `RunComparison.runs`; null where the run lacks the key. */
  values: (Value | null)[];
  /** True unless every run has the same value (a missing key is a value of its own; NaN equals NaN). */
  differs: boolean;
}

/** One metric across the compared runs: latest values and their differences from the first run. */
export interface ComparedMetric extends ComparedValues<number> {
  /** `values[i] - values[0]`; null where either value is missing (so the first is 0 or null). */
  deltas: (number | null)[];
}

/** What `lifecycle.compareRuns` returns: the runs side by side, keys sorted by code point. */
export interface RunComparison {
  /** The runs, in the order asked for, without params, metrics and tags (those are below). */
  runs: Omit<Run, 'params' | 'metrics' | 'tags'>[];
  /** Hyper-parameters side by side. */
  params: ComparedValues<string>[];
  /** Latest metric values side by side, with deltas against the first run. */
  metrics: ComparedMetric[];
  /** Tags side by side. */
  tags: ComparedValues<string>[];
}

/**
 * Puts runs side by side (deleted runs too): params with the differing keys marked,
 * latest metrics with deltas against the first run, tags.
 *
 * @throws MLOpsError INVALID_ARGUMENT for an empty or over-long list or a repeated id;
 *   NOT_FOUND for an unknown run.
 */
export async function compareRuns(store: MetadataStoreV1, runIds: string[]): Promise<RunComparison> {
  if (!Array.isArray(runIds) || runIds.length === 0 || runIds.length > maxComparedRuns) {
    throw new MLOpsError('INVALID_ARGUMENT', `Run ids ${describe(runIds)} are not a list of 1 to ${maxComparedRuns} ids. Pass the ids of the runs to compare, e.g. [first.id, second.id].`);
  }
  const repeated = runIds.find((id, index) => runIds.indexOf(id) !== index);
  if (repeated !== undefined) {
    throw new MLOpsError('INVALID_ARGUMENT', `Run '${repeated}' is listed twice. Name each run to compare once.`);
  }
  const runs = await Promise.all(runIds.map((runId) => requireRun(store, runId)));
  const params = sideBySide(runs.map((run) => run.params));
  const tags = sideBySide(runs.map((run) => run.tags));
  const metrics = sideBySide(runs.map((run) => run.metrics)).map((compared) => {
    const first = compared.values[0] ?? null;
    return { ...compared, deltas: compared.values.map((value) => (value === null || first === null ? null : value - first)) };
  });
  return { runs: runs.map(({ params: _params, metrics: _metrics, tags: _tags, ...info }) => info), params, metrics, tags };
}

/**
 * The distinct param, metric and tag keys of an experiment's runs (active ones unless
 * `lifecycle` says otherwise), for column pickers: natively where the store can.
 */
export async function listKeys(store: MetadataStoreV1, experiment: ExperimentRef, options: { lifecycle?: LifecycleFilter } = {}): Promise<ExperimentKeys> {
  const lifecycle = checkLifecycleFilter(options?.lifecycle);
  const { id } = await resolveExperiment(store, experiment);
  if (store.listKeys) return store.listKeys(id, { lifecycle });
  const runs = await store.listRuns(id, { lifecycle });
  const keysOf = (records: readonly object[]) => [...new Set(records.flatMap((record) => Object.keys(record)))].sort(compareCodePoints);
  return { params: keysOf(runs.map((run) => run.params)), metrics: keysOf(runs.map((run) => run.metrics)), tags: keysOf(runs.map((run) => run.tags)) };
}

function sideBySide<Value extends string | number>(records: readonly Record<string, Value>[]): ComparedValues<Value>[] {
  const keys = [...new Set(records.flatMap((record) => Object.keys(record)))].sort(compareCodePoints);
  return keys.map((key) => {
    const values = records.map((record) => (Object.hasOwn(record, key) ? record[key]! : null));
    // SameValueZero: NaN equals NaN, 0 equals -0.
    return { key, values, differs: values.some((value) => !isSameValue(value, values[0])) };
  });
}

function isSameValue(left: unknown, right: unknown): boolean {
  return left === right || (Number.isNaN(left) && Number.isNaN(right));
}
