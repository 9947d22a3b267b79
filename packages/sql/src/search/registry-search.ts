import {
  modelVersionFields,
  registeredModelFields,
  type ModelVersionSearchPage,
  type ModelVersionSearchQuery,
  type RegisteredModelSearchPage,
  type RegisteredModelSearchQuery,
} from '@mlops-ts/core';
import { selectList } from '../entity-rows.js';
import { withDetails } from '../queries/model-version-queries.js';
import { withTags } from '../queries/registered-model-queries.js';
import type { Row } from '../row-mappers.js';
import type { SqlSession } from '../sql-session.js';
import { compileFilter } from './filter-compiler.js';
import { compileOrder } from './order-compiler.js';
import { modelVersionSearchTarget, registeredModelSearchTarget, type SearchTarget } from './search-targets.js';

interface PageQuery {
  filter?: ModelVersionSearchQuery['filter'];
  orderBy: ModelVersionSearchQuery['orderBy'];
  limit: number;
  offset: number;
  maxId?: string;
}

/**
 * One page of a registry search in one query (filter and order compiled with bound
 * parameters; one row more than the page tells whether more follow), plus the largest id
 * on the first page for the page token.
 */
async function searchPage(session: SqlSession, query: PageQuery, from: { table: string; alias: string; columns: string; target: SearchTarget }): Promise<{ rows: Row[]; hasMore: boolean; maxId: string | null }> {
  const { dialect } = session;
  const order = compileOrder(query.orderBy, from.target, dialect);
  const conditions: string[] = [];
  const params: unknown[] = [...order.joins.params];
  if (query.maxId !== undefined) {
    conditions.push(`${from.alias}.id <= ?`);
    params.push(query.maxId);
  }
  if (query.filter !== undefined) {
    const filter = compileFilter(query.filter, from.target, dialect);
    conditions.push(filter.sql);
    params.push(...filter.params);
  }
  const page = dialect.limitOffset(query.limit + 1, query.offset);
  const rows = await session.all<Row>(
    `SELECT ${from.columns} FROM ${from.table} ${from.alias}
     ${order.joins.sql}
     ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
     ORDER BY ${order.orderBy}
     ${page.sql}`,
    [...params, ...page.params],
  );
  let maxId: string | null = null;
  if (query.maxId === undefined) maxId = ((await session.arrays(`SELECT MAX(id) FROM ${from.table}`))[0]?.[0] ?? null) as string | null;
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit, maxId };
}

/** One page of versions matching a search, with tags and aliases. Call inside a read transaction. */
export async function searchModelVersions(session: SqlSession, query: ModelVersionSearchQuery): Promise<ModelVersionSearchPage> {
  const page = await searchPage(session, query, { table: 'model_versions', alias: 'v', columns: selectList(modelVersionFields, 'v'), target: modelVersionSearchTarget });
  return { modelVersions: await withDetails(session, page.rows), hasMore: page.hasMore, maxId: page.maxId };
}

/** One page of registered models matching a search, with tags. Call inside a read transaction. */
export async function searchRegisteredModels(session: SqlSession, query: RegisteredModelSearchQuery): Promise<RegisteredModelSearchPage> {
  const page = await searchPage(session, query, { table: 'registered_models', alias: 'm', columns: selectList(registeredModelFields, 'm'), target: registeredModelSearchTarget });
  return { registeredModels: await withTags(session, page.rows), hasMore: page.hasMore, maxId: page.maxId };
}
