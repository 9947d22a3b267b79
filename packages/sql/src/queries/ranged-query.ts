import type { SqlSession } from '../sql-session.js';

/**
 * A query of at most one row about a range [low, high] (of steps or blocks), asked for
 * many ranges at once: down-sampling asks it for every bucket.
 */
export interface RangedQuery {
  /** The query, with `low` and `high` written where the range's ends go. */
  sql(low: string, high: string): string;
  /** Its parameters in order, with the range's ends where `sql('?', '?')` has them (none when they are columns). */
  params(range?: readonly [number, number]): unknown[];
}

/** One range to ask about, and the number its row comes back tagged with. */
export interface TaggedRange {
  low: number;
  high: number;
  tag: number;
}

/**
 * The rows of `query` for every range, each with its range's tag appended. A database with
 * lateral joins answers them all in a few statements (a VALUES list of ranges joined to
 * the query: planned once, one index seek per range); elsewhere they are combined by
 * UNION ALL as the dialect's `queriesPerStatement` says, or run one by one where a
 * round-trip costs nothing (SQLite reuses the prepared statement).
 */
export async function runRanged(session: SqlSession, query: RangedQuery, ranges: readonly TaggedRange[]): Promise<unknown[][]> {
  const { capabilities, types } = session.dialect;
  const rows: unknown[][] = [];
  if (ranges.length === 0) return rows;
  const shared = query.params();
  if (capabilities.lateralJoin) {
    const join = capabilities.lateralJoin === 'apply' ? 'CROSS APPLY' : 'CROSS JOIN LATERAL';
    const value = `CAST(? AS ${types.integer})`;
    const inner = query.sql('ranges.low', 'ranges.high');
    // SQL Server's VALUES takes at most 1,000 rows.
    const perStatement = Math.max(1, Math.min(1_000, Math.floor((capabilities.maxParameters - shared.length) / 3)));
    for (let start = 0; start < ranges.length; start += perStatement) {
      const chunk = ranges.slice(start, start + perStatement);
      const sql = `SELECT found.*, ranges.tag FROM (VALUES ${chunk.map(() => `(${value}, ${value}, ${value})`).join(', ')}) AS ranges (low, high, tag) ${join} (${inner}) found`;
      rows.push(...(await session.arrays(sql, [...chunk.flatMap((range) => [range.low, range.high, range.tag]), ...shared])));
    }
    return rows;
  }
  const perStatement = Math.max(1, Math.min(capabilities.queriesPerStatement, Math.floor(capabilities.maxParameters / (query.params([0, 0]).length + 1))));
  const single = query.sql('?', '?');
  for (let start = 0; start < ranges.length; start += perStatement) {
    const chunk = ranges.slice(start, start + perStatement);
    if (chunk.length === 1) {
      const [range] = chunk as [TaggedRange];
      for (const row of await session.arrays(single, query.params([range.low, range.high]))) rows.push([...row, range.tag]);
      continue;
    }
    const sql = chunk.map((_range, index) => `SELECT q${index}.*, CAST(? AS ${types.integer}) AS tag FROM (${single}) q${index}`).join(' UNION ALL ');
    rows.push(...(await session.arrays(sql, chunk.flatMap((range) => [range.tag, ...query.params([range.low, range.high])]))));
  }
  return rows;
}
