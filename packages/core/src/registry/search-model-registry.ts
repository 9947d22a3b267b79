import type { ModelVersion } from '../spec/v1/model-version.js';
import type { MetadataStoreV1 } from '../spec/v1/metadata-store.js';
import type { OrderByTerm } from '../spec/v1/order-by-term.js';
import type { RegisteredModel } from '../spec/v1/registered-model.js';
import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { SearchTarget } from '../search/filter-fields.js';
import { formatFilter, formatOrderBy } from '../search/filter-format.js';
import { parseOrderBy } from '../search/order-by-parser.js';
import { decodePageToken, encodePageToken, searchFingerprint } from '../search/page-token.js';
import { checkLimit, checkOptions, parseOptionalFilter } from '../search/search-runs.js';
import { evaluateModelVersionSearch, evaluateRegisteredModelSearch } from './registry-search-evaluator.js';

/** Options of `model.searchModelVersions` and `model.searchRegisteredModels`. */
export interface SearchModelRegistryOptions {
  /**
   * A filter in the language of `searchRuns`, e.g. `name = 'iris' and tags.stage = 'prod'`
   * or `alias = 'champion'` (see "Searching the model registry" in the README). Empty or
   * omitted: everything.
   */
  filter?: string;
  /** Sort keys such as `['attributes.version DESC']`. Default: versions newest first, registered models by name. */
  orderBy?: string | string[];
  /** Results per page, 1 to 10,000. Default 100. */
  limit?: number;
  /** `nextPageToken` of the previous page of the same search. */
  pageToken?: string;
}

/** One page of `model.searchModelVersions`. */
export interface SearchModelVersionsResult {
  /** The matching versions of this page, in order, with tags, aliases and model names. */
  modelVersions: ModelVersion[];
  /** Pass it as `pageToken` to get the next page; absent on the last page. */
  nextPageToken?: string;
}

/** One page of `model.searchRegisteredModels`. */
export interface SearchRegisteredModelsResult {
  /** The matching registered models of this page, in order, with tags. */
  registeredModels: RegisteredModel[];
  /** Pass it as `pageToken` to get the next page; absent on the last page. */
  nextPageToken?: string;
}

interface CheckedSearch {
  filter: FilterExpression | undefined;
  orderBy: OrderByTerm[];
  limit: number;
  offset: number;
  maxId: string | null | undefined;
  fingerprint: string;
}

/** Parses and checks the options; the page position comes from the token. */
function checkSearch(options: SearchModelRegistryOptions, target: SearchTarget): CheckedSearch {
  const checked = checkOptions(options);
  const filter = parseOptionalFilter(checked.filter, target);
  const orderBy = parseOrderBy(checked.orderBy, target);
  const limit = checkLimit(checked.limit);
  const fingerprint = searchFingerprint({ experimentIds: [target], filter: filter === undefined ? '' : formatFilter(filter), orderBy: formatOrderBy(orderBy) });
  const position = checked.pageToken === undefined ? { offset: 0, maxRunId: undefined } : decodePageToken(checked.pageToken, fingerprint);
  return { filter, orderBy, limit, offset: position.offset, maxId: position.maxRunId, fingerprint };
}

function nextToken(search: CheckedSearch, page: { hasMore: boolean; maxId: string | null }, count: number): string | undefined {
  if (!page.hasMore || count === 0) return undefined;
  return encodePageToken({ offset: search.offset + count, maxRunId: search.maxId ?? page.maxId }, search.fingerprint);
}

/**
 * Searches every registered model's versions, natively when the store can, else in
 * memory; pages with opaque tokens that stay correct while versions are registered.
 */
export async function searchModelVersions(store: MetadataStoreV1, options: SearchModelRegistryOptions = {}): Promise<SearchModelVersionsResult> {
  const search = checkSearch(options, 'model-versions');
  if (search.maxId === null) return { modelVersions: [] };
  const query = { ...(search.filter ? { filter: search.filter } : {}), orderBy: search.orderBy, limit: search.limit, offset: search.offset, ...(search.maxId ? { maxId: search.maxId } : {}) };
  const page = store.searchModelVersions
    ? await store.searchModelVersions(query)
    : evaluateModelVersionSearch((await Promise.all((await store.listRegisteredModels()).map((model) => store.listModelVersions(model.id)))).flat(), query);
  const nextPageToken = nextToken(search, page, page.modelVersions.length);
  return nextPageToken === undefined ? { modelVersions: page.modelVersions } : { modelVersions: page.modelVersions, nextPageToken };
}

/** Searches registered models, natively when the store can, else in memory; pages as `searchModelVersions`. */
export async function searchRegisteredModels(store: MetadataStoreV1, options: SearchModelRegistryOptions = {}): Promise<SearchRegisteredModelsResult> {
  const search = checkSearch(options, 'registered-models');
  if (search.maxId === null) return { registeredModels: [] };
  const query = { ...(search.filter ? { filter: search.filter } : {}), orderBy: search.orderBy, limit: search.limit, offset: search.offset, ...(search.maxId ? { maxId: search.maxId } : {}) };
  const page = store.searchRegisteredModels ? await store.searchRegisteredModels(query) : evaluateRegisteredModelSearch(await store.listRegisteredModels(), query);
  const nextPageToken = nextToken(search, page, page.registeredModels.length);
  return nextPageToken === undefined ? { registeredModels: page.registeredModels } : { registeredModels: page.registeredModels, nextPageToken };
}
