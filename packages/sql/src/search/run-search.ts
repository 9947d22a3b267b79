import { runFields, type RunSearchPage, type RunSearchQuery } from '@mlops-ts/core';
import { selectList } from '../entity-rows.js';
import { attachRunDetails } from '../queries/run-queries.js';
import { toRunInfo, type Row } from '../row-mappers.js';
import { chunkForParameters, placeholderList, type SqlSession } from '../sql-session.js';
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
  const conditions = [`r.experiment_id IN (${placeholderList(experimentIds.length)})`];
  const params: unknown[] = [...order.joins.params, ...experimentIds];
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

/** The largest run id among the experiments' runs (whatever the filter), or null. */
async function newestRunId(session: SqlSession, experimentIds: readonly string[]): Promise<string | null> {
  let newest: string | null = null;
  for (const chunk of chunkForParameters(experimentIds, session.dialect)) {
    const [row] = await session.arrays(`SELECT MAX(id) FROM runs WHERE experiment_id IN (${placeholderList(chunk.length)})`, chunk);
    const id = (row?.[0] ?? null) as string | null;
    // Ids are lowercase hex UUIDs: JavaScript's comparison is the database's binary one.
    if (id !== null && (newest === null || id > newest)) newest = id;
  }
  return newest;
}
