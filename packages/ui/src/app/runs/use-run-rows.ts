import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, ApiError } from '../api/api-client.js';
import type { Run, RunSearchAnswer } from '../api/api-types.js';

export const pageSize = 100;

/** What the runs table asks for. */
export interface RunQuery {
  experimentId: string;
  /** The user's filter, as typed. */
  filter: string;
  orderBy: string[];
  showDeleted: boolean;
  /** Group child runs under their parent: the top level then holds runs without a parent. */
  isNested: boolean;
}

/** One line of the table: a run (null while its page loads), at a depth, with its children's count. */
export interface RunLine {
  run: Run | null;
  depth: 0 | 1;
  childCount: number;
  /** Position among the top-level runs (depth 0), for keys while loading. */
  topIndex: number;
}

function combinedFilter(query: RunQuery, extra: string | null): string {
  const parts = [query.filter.trim(), extra].filter((part): part is string => part !== null && part !== '');
  return parts.length <= 1 ? (parts[0] ?? '') : parts.map((part) => `(${part})`).join(' and ');
}

async function search(query: RunQuery, extra: string | null, offset: number, limit: number, includeTotal: boolean, signal: AbortSignal): Promise<RunSearchAnswer> {
  const filter = combinedFilter(query, extra);
  try {
    return await api<RunSearchAnswer>('/runs/search', {
      method: 'POST',
      signal,
      body: { experiments: [query.experimentId], filter, orderBy: query.orderBy, limit, offset, includeTotal, lifecycle: query.showDeleted ? 'all' : 'active' },
    });
  } catch (error) {
    // The user's filter went in as '(filter) and (…)': positions move back by the '('.
    if (error instanceof ApiError && error.offset !== undefined && filter !== query.filter.trim()) {
      throw new ApiError(error.status, error.code, error.message.replace(/position (\d+)/g, (_match, position: string) => `position ${Number(position) - 1}`), Math.max(0, error.offset - 1));
    }
    throw error;
  }
}

/**
 * The runs of the rows in view, read page by page at their offsets (random access: the page
 * of row 80,000 is read without the ones before), and the children of expanded parents.
 */
export function useRunRows(query: RunQuery, visible: { first: number; last: number }, expanded: ReadonlySet<string>) {
  const topFilter = query.isNested ? 'attributes.parent_run_id IS NULL' : null;
  const baseKey = ['runs', query.experimentId, query.filter, query.orderBy.join('|'), query.showDeleted, query.isNested] as const;
  const first = useQuery({
    queryKey: [...baseKey, 'page', 0],
    queryFn: ({ signal }) => search(query, topFilter, 0, pageSize, true, signal),
    retry: false,
  });
  const total = first.data?.total ?? 0;
  const pageIndexes = useMemo(() => {
    const indexes: number[] = [];
    for (let page = Math.max(1, Math.floor(visible.first / pageSize)); page <= Math.floor(visible.last / pageSize) && page * pageSize < total; page++) indexes.push(page);
    return indexes;
  }, [visible.first, visible.last, total]);
  const pages = useQueries({
    queries: pageIndexes.map((page) => ({
      queryKey: [...baseKey, 'page', page],
      queryFn: ({ signal }: { signal: AbortSignal }) => search(query, topFilter, page * pageSize, pageSize, false, signal),
      enabled: first.isSuccess,
      staleTime: 60_000,
    })),
  });
  const loaded = new Map<number, Run[]>();
  if (first.data) loaded.set(0, first.data.runs);
  pages.forEach((result, index) => {
    if (result.data) loaded.set(pageIndexes[index]!, result.data.runs);
  });
  // Children of the loaded parents in view, one search per page of parents.
  const parentIds = query.isNested ? [...loaded.entries()].sort(([a], [b]) => a - b).flatMap(([, runs]) => runs.map((run) => run.id)) : [];
  const children = useQueries({
    queries: chunk(parentIds, pageSize).map((ids) => ({
      queryKey: [...baseKey, 'children', ids[0], ids.length],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        search({ ...query, orderBy: ['attributes.start_time'] }, `attributes.parent_run_id IN (${ids.map((id) => `'${id}'`).join(', ')})`, 0, 10_000, false, signal),
      staleTime: 60_000,
    })),
  });
  const childrenOf = new Map<string, Run[]>();
  for (const result of children) {
    for (const run of result.data?.runs ?? []) {
      const list = childrenOf.get(run.parentRunId!) ?? [];
      list.push(run);
      childrenOf.set(run.parentRunId!, list);
    }
  }
  return { first, total, loaded, childrenOf, isLoadingPages: pages.some((result) => result.isFetching) };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Maps table lines to runs: `total` top-level runs, each expanded parent followed by its
 * children. Only the expansions are walked, so a line of 100,000 is found at once.
 */
export function lineLayout(total: number, loaded: ReadonlyMap<number, Run[]>, childrenOf: ReadonlyMap<string, Run[]>, expanded: ReadonlySet<string>) {
  const expansions: { topIndex: number; children: Run[] }[] = [];
  for (const [page, runs] of loaded) {
    runs.forEach((run, index) => {
      const children = childrenOf.get(run.id);
      if (children && expanded.has(run.id)) expansions.push({ topIndex: page * pageSize + index, children });
    });
  }
  expansions.sort((a, b) => a.topIndex - b.topIndex);
  const count = total + expansions.reduce((sum, expansion) => sum + expansion.children.length, 0);
  const topRun = (topIndex: number): Run | null => loaded.get(Math.floor(topIndex / pageSize))?.[topIndex % pageSize] ?? null;
  const lineAt = (line: number): RunLine => {
    let shift = 0;
    for (const expansion of expansions) {
      const parentLine = expansion.topIndex + shift;
      if (line <= parentLine) break;
      if (line <= parentLine + expansion.children.length) {
        return { run: expansion.children[line - parentLine - 1]!, depth: 1, childCount: 0, topIndex: expansion.topIndex };
      }
      shift += expansion.children.length;
    }
    const topIndex = line - shift;
    const run = topRun(topIndex);
    return { run, depth: 0, childCount: run === null ? 0 : (childrenOf.get(run.id)?.length ?? 0), topIndex };
  };
  /** The first and last top-level positions the lines from..to show. */
  const topRange = (from: number, to: number) => ({ first: lineAt(from).topIndex, last: lineAt(to).topIndex });
  return { count, lineAt, topRange };
}
