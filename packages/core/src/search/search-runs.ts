import type { Experiment, Run } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { resolveExperiment, type ExperimentRef } from '../catalogs/resolve.js';
import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { SearchTarget } from './filter-fields.js';
import { formatFilter, formatOrderBy } from './filter-format.js';
import { parseFilter } from './filter-parser.js';
import { parseOrderBy } from './order-by-parser.js';
import { decodePageToken, encodePageToken, searchFingerprint } from './page-token.js';
import { searchLimits } from './search-limits.js';
import { countRunsInStore, searchExperimentsInStore, searchRunsInStore } from './store-search.js';
import { searchLifecycle, withLifecycleFilter } from './lifecycle-filter.js';
import type { LifecycleFilter } from '../spec/v1/lifecycle-stage.js';

/** Options of `lifecycle.searchRuns`. */
export interface SearchRunsOptions {
  /** Search the runs of this experiment (id or name). */
  experiment?: ExperimentRef;
  /** Search the runs of these experiments (ids or names). With neither option: all experiments. */
  experiments?: ExperimentRef[];
  /**
   * A filter such as `metrics.accuracy > 0.9 and params.lr = '0.01'` (see "Searching runs"
   * in the README). Empty or omitted: every run.
   */
  filter?: string;
  /** Sort keys such as `['metrics.accuracy DESC', 'attributes.start_time']`. Default: newest first. */
  orderBy?: string | string[];
  /** Runs per page, 1 to 10,000. Default 100. */
  limit?: number;
  /** `nextPageToken` of the previous page of the same search. */
  pageToken?: string;
  /**
   * Runs to skip before the page (0 or more): random access, so a table can show rows
   * 80,000 to 80,100 without reading the rows before them. With `pageToken`, the page is
   * read at this offset of that token's search, which leaves out runs created after its
   * first page; alone, from a new search. Default: 0, or the token's position.
   */
  offset?: number;
  /** Also count the matching runs (`total` in the result), e.g. to size a table. Default false. */
  includeTotal?: boolean;
  /**
   * Which runs: `active` (default), `deleted` or `all`. When left out and the filter names
   * `attributes.lifecycle_stage`, the filter alone decides.
   */
  lifecycle?: LifecycleFilter;
}

/** One page of `lifecycle.searchRuns`. */
export interface SearchRunsResult {
  /** The matching runs of this page, in order, with params, latest metrics and tags. */
  runs: Run[];
  /** Pass it as `pageToken` to get the next page; absent on the last page. */
  nextPageToken?: string;
  /** With `includeTotal`: how many runs match the search, on every page. */
  total?: number;
}

/** Options of `lifecycle.searchExperiments`. */
export interface SearchExperimentsOptions {
  /** A filter on `name`, `description`, `created_at` and `tags.<key>`, e.g. `name LIKE 'iris%'`. */
  filter?: string;
  /** Sort keys such as `['name']`. Default: newest first. */
  orderBy?: string | string[];
  /** Which experiments: `active` (default), `deleted` or `all`; as for `searchRuns`, a filter naming `lifecycle_stage` decides alone. */
  lifecycle?: LifecycleFilter;
}

/**
 * Parses, checks and runs a run search, and pages it with opaque tokens that stay
 * correct while runs are being added (runs created after the first page are left out).
 */
export async function searchRuns(store: MetadataStoreV1, options: SearchRunsOptions = {}): Promise<SearchRunsResult> {
  const checked = checkOptions(options);
  const parsed = parseOptionalFilter(checked.filter, 'runs');
  const lifecycle = searchLifecycle(checked.lifecycle, parsed);
  // Deleted runs are left out by the filter itself, which every store compiles natively.
  const filter = withLifecycleFilter(parsed, lifecycle);
  const orderBy = parseOrderBy(checked.orderBy, 'runs');
  const limit = checkLimit(checked.limit);
  const refs = [...(checked.experiment === undefined ? [] : [checked.experiment]), ...checkExperimentList(checked.experiments)];
  const experimentIds =
    refs.length === 0
      ? // A deleted experiment's runs are all deleted: active runs live in active experiments.
        (await store.listExperiments({ lifecycle: lifecycle === 'active' ? 'active' : 'all' })).map((experiment) => experiment.id)
      : [...new Set(await Promise.all(refs.map(async (ref) => (await resolveExperiment(store, ref)).id)))];
  // "All experiments" stays the same search while experiments are added.
  const fingerprint = searchFingerprint({
    experimentIds: refs.length === 0 ? ['*'] : experimentIds,
    filter: filter === undefined ? '' : formatFilter(filter),
    orderBy: formatOrderBy(orderBy),
  });
  const offset = checkOffset(checked.offset);
  const tokenPosition = checked.pageToken === undefined ? { offset: 0, maxRunId: undefined } : decodePageToken(checked.pageToken, fingerprint);
  const position = { offset: offset ?? tokenPosition.offset, maxRunId: tokenPosition.maxRunId };
  const isCounting = checked.includeTotal === true;
  if (experimentIds.length === 0 || position.maxRunId === null) return { runs: [], ...(isCounting ? { total: 0 } : {}) };
  const page = await searchRunsInStore(store, { experimentIds, filter, orderBy, limit, offset: position.offset, maxRunId: position.maxRunId });
  const maxRunId = position.maxRunId ?? page.maxRunId;
  // Counted in the snapshot the page token keeps, so the total and the pages agree.
  const withTotal = isCounting ? { total: maxRunId === null ? 0 : await countRunsInStore(store, { experimentIds, filter, maxRunId }) } : {};
  if (!page.hasMore || page.runs.length === 0) return { runs: page.runs, ...withTotal };
  return { runs: page.runs, nextPageToken: encodePageToken({ offset: position.offset + page.runs.length, maxRunId }, fingerprint), ...withTotal };
}

function checkOffset(offset: unknown): number | undefined {
  if (offset === undefined) return undefined;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) {
    throw new MLOpsError('INVALID_ARGUMENT', `The offset ${JSON.stringify(offset)} is not a whole number of at least 0. Pass the number of matching runs to skip, e.g. 80000.`);
  }
  return offset;
}

/** Parses, checks and runs an experiment search. */
export async function searchExperiments(store: MetadataStoreV1, options: SearchExperimentsOptions = {}): Promise<Experiment[]> {
  const checked = checkOptions(options);
  const parsed = parseOptionalFilter(checked.filter, 'experiments');
  const filter = withLifecycleFilter(parsed, searchLifecycle(checked.lifecycle, parsed));
  return searchExperimentsInStore(store, { filter, orderBy: parseOrderBy(checked.orderBy, 'experiments') });
}

export function checkOptions<Options extends object>(options: Options): Options {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Search options ${JSON.stringify(options)} are not an object. Pass e.g. { filter: 'metrics.accuracy > 0.9' }.`);
  }
  return options;
}

export function parseOptionalFilter(filter: unknown, target: SearchTarget): FilterExpression | undefined {
  if (filter === undefined || filter === null || (typeof filter === 'string' && filter.trim() === '')) return undefined;
  return parseFilter(filter as string, { target });
}

export function checkLimit(limit: unknown): number {
  if (limit === undefined) return searchLimits.defaultPageSize;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > searchLimits.maxPageSize) {
    throw new MLOpsError(
      'INVALID_ARGUMENT',
      `The limit ${JSON.stringify(limit)} is not a whole number from 1 to ${searchLimits.maxPageSize}. Pass a smaller page size and follow nextPageToken for more.`,
    );
  }
  return limit;
}

function checkExperimentList(experiments: unknown): ExperimentRef[] {
  if (experiments === undefined) return [];
  if (!Array.isArray(experiments)) {
    throw new MLOpsError('INVALID_ARGUMENT', `experiments ${JSON.stringify(experiments)} is not a list. Pass ids or names, e.g. ['iris', 'mnist'].`);
  }
  if (experiments.length === 0) {
    throw new MLOpsError('INVALID_ARGUMENT', 'experiments is an empty list. Name at least one experiment, or leave experiments out to search all of them.');
  }
  return experiments as ExperimentRef[];
}
