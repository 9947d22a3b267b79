import { experimentFields, type Experiment, type ExperimentSearchQuery, type Tags } from '@mlops-ts/core';
import { selectList } from '../entity-rows.js';
import { toExperiment } from '../queries/run-queries.js';
import type { Row } from '../row-mappers.js';
import { chunkForParameters, placeholderList, type SqlSession } from '../sql-session.js';
import { compileFilter } from './filter-compiler.js';
import { compileOrder } from './order-compiler.js';
import { experimentSearchTarget } from './search-targets.js';

/** The experiments matching a search, in order, with their tags. Call inside a read transaction. */
export async function searchExperiments(session: SqlSession, query: ExperimentSearchQuery): Promise<Experiment[]> {
  const { dialect } = session;
  const order = compileOrder(query.orderBy, experimentSearchTarget, dialect);
  const filter = query.filter === undefined ? undefined : compileFilter(query.filter, experimentSearchTarget, dialect);
  const rows = await session.all<Row>(
    `SELECT ${selectList(experimentFields, 'e')} FROM experiments e
     ${order.joins.sql}
     ${filter ? `WHERE ${filter.sql}` : ''}
     ORDER BY ${order.orderBy}`,
    [...order.joins.params, ...(filter?.params ?? [])],
  );
  const tagsById = new Map<string, Tags>(rows.map((row) => [row.id as string, {}]));
  for (const chunk of chunkForParameters([...tagsById.keys()], dialect)) {
    const tagRows = await session.arrays(`SELECT experiment_id, "key", value FROM experiment_tags WHERE experiment_id IN (${placeholderList(chunk.length)})`, chunk);
    for (const [experimentId, key, value] of tagRows as string[][]) tagsById.get(experimentId!)![key!] = value!;
  }
  return rows.map((row) => toExperiment(row, tagsById.get(row.id as string)!));
}
