import { runFields, type RunCountQuery, type RunSearchPage, type RunSearchQuery } from '@mlops-ts/core';
import { selectList } from '../entity-rows.js';
import { attachRunDetails } from '../queries/run-queries.js';
import { toRunInfo, type Row } from '../row-mappers.js';
import type { SqlSession } from '../sql-session.js';
import { inStringList } from '../string-list.js';
import { compileFilter } from './filter-compiler.js';
import { compileOrder } from './order-compiler.js';
import { runSearchTarget } from './search-targets.js';

const selectedRunColumns = selectList(runFields, 'r');

/**
 * One page of a run search, in one query for the page (filter and order compiled to SQL
 * with bound parameters; one row more than the page tells whether more follow) and four
 * for the page's params, metrics and tags. Call inside a read transaction.
 */
export async function searchRuns(session: SqlSession, query: RunSearchQuery): Promise<RunSearchPage> {
  const { dialect } = session;
  const experimentIds = [...new Set(query.experimentIds)];
  const order = compileOrder(query.orderBy, runSearchTarget, dialect);
  const inExperiments = inStringList('r.experiment_id', experimentIds, dialect);
  const conditions = [inExperiments.sql];
  const params: unknown[] = [...order.joins.params, ...inExperiments.params];
  if (query.maxRunId !== undefined) {
    conditions.push('r.id <= ?');
    params.push(query.maxRunId);
  }
  if (query.filter !== undefined) {
    const filter = compileFilter(query.filter, runSearchTarget, dialect);
    conditions.push(filter.sql);
    params.push(...filter.params);
  }
  const page = dialect.limitOffset(query.limit + 1, query.offset);
  const sql = `SELECT ${selectedRunColumns} FROM runs r
    ${order.joins.sql}
    WHERE ${conditions.join(' AND ')}
    ORDER BY ${order.orderBy}
    ${page.sql}`;
  const rows = await session.all<Row>(sql, [...params, ...page.params]);
  const hasMore = rows.length > query.limit;
  const runs = await attachRunDetails(
    session,
    rows.slice(0, query.limit).map((row) => toRunInfo(row)),
  );
  return { runs, hasMore, maxRunId: query.maxRunId === undefined ? await newestRunId(session, experimentIds) : null };
}

/** How many runs match a search, in one COUNT query over the same conditions as the page. Call inside a read transaction. */
export async function countRuns(session: SqlSession, query: RunCountQuery): Promise<number> {
  const { dialect } = session;
  const inExperiments = inStringList('r.experiment_id', [...new Set(query.experimentIds)], dialect);
  const conditions = [inExperiments.sql];
  const params: unknown[] = [...inExperiments.params];
  if (query.maxRunId !== undefined) {
    conditions.push('r.id <= ?');
    params.push(query.maxRunId);
  }
  if (query.filter !== undefined) {
    const filter = compileFilter(query.filter, runSearchTarget, dialect);
    conditions.push(filter.sql);
    params.push(...filter.params);
  }
  const [row] = await session.arrays(`SELECT COUNT(*) FROM runs r WHERE ${conditions.join(' AND ')}`, params);
  return Number(row?.[0] ?? 0);
}

/** The largest run id among the experiments' runs (whatever the filter), or null. */
async function newestRunId(session: SqlSession, experimentIds: readonly string[]): Promise<string | null> {
  const inExperiments = inStringList('experiment_id', experimentIds, session.dialect);
  const [row] = await session.arrays(`SELECT MAX(id) FROM runs WHERE ${inExperiments.sql}`, inExperiments.params);
  return (row?.[0] ?? null) as string | null;
}
