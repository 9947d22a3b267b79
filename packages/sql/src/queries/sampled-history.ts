import type { Metric, MetricHistoryRange } from '@mlops-ts/core';
import type { SqlSession } from '../sql-session.js';
import { historyRangeCondition, readMetricHistory } from './metric-queries.js';

/**
 * One metric's history down-sampled in the database to at most `maxPoints` points, with
 * exactly the buckets of the core's `downsampleMetricHistory`: the steps of the range are
 * cut into `floor(maxPoints / 4)` equal-width buckets, and each bucket keeps its first,
 * last, minimum and maximum points in history order (NaN never counts as minimum or
 * maximum; among equal values the earliest point wins).
 *
 * Each bucket is a contiguous step range (the bucket of a step never decreases as the
 * step grows), so its first and last points are two index seeks and its extremes one
 * pass over its part of the (run, key, step, timestamp, id, value) index; only the kept
 * points leave the database.
 */
export async function readSampledMetricHistory(
  session: SqlSession,
  runId: string,
  key: string,
  range: MetricHistoryRange,
  maxPoints: number,
): Promise<Metric[]> {
  const { dialect } = session;
  const where = historyRangeCondition(runId, key, range);
  const atMost = dialect.limitOffset(maxPoints + 1, 0);
  const [countRow] = await session.arrays(`SELECT COUNT(*) FROM (SELECT step FROM metrics WHERE ${where.sql} ORDER BY step ${atMost.sql}) limited`, [
    ...where.params,
    ...atMost.params,
  ]);
  if (Number(countRow?.[0] ?? 0) <= maxPoints) return readMetricHistory(session, runId, key, range);
  const [firstRow] = await session.arrays(`SELECT MIN(step) FROM metrics WHERE ${where.sql}`, where.params);
  const [lastRow] = await session.arrays(`SELECT MAX(step) FROM metrics WHERE ${where.sql}`, where.params);
  const buckets = bucketStepRanges(Number(firstRow![0]), Number(lastRow![0]), Math.max(1, Math.floor(maxPoints / 4)));

  const queries = buckets.flatMap(([low, high]) => pointQueries(session, [runId, key, low, high]));
  const codec = dialect.metricValue;
  const byId = new Map<string, unknown[]>();
  const perStatement = Math.max(1, Math.min(dialect.capabilities.queriesPerStatement, Math.floor(dialect.capabilities.maxParameters / 8)));
  for (let start = 0; start < queries.length; start += perStatement) {
    const chunk = queries.slice(start, start + perStatement);
    const sql = chunk.length === 1 ? chunk[0]!.sql : chunk.map((query, index) => `SELECT * FROM (${query.sql}) q${index}`).join(' UNION ALL ');
    for (const row of await session.arrays(sql, chunk.flatMap((query) => query.params))) {
      // Rows are (step, timestamp, value columns…, id, is_extreme). An extreme that found no
      // number (all NaN, or no point in the bucket) comes back as a NaN value: skip it.
      const id = row.at(-2);
      if (id === null || id === undefined || (Number(row.at(-1)) === 1 && Number.isNaN(codec.read(row, 2)))) continue;
      byId.set(String(id), row);
    }
  }
  return [...byId.values()]
    .map((row) => ({ row, step: Number(row[0]), timestamp: Number(row[1]), id: Number(row.at(-2)) }))
    .sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || a.id - b.id)
    .map(({ row, step, timestamp }) => ({ runId, key, value: codec.read(row, 2), step, timestamp }));
}

/** The four queries of one bucket (first, last, minimum and maximum point), each returning at most one row. */
function pointQueries(session: SqlSession, bucketParams: unknown[]): { sql: string; params: unknown[] }[] {
  const { dialect } = session;
  const codec = dialect.metricValue;
  const columns = `step, timestamp, ${codec.columns.map((column) => column.name).join(', ')}, id`;
  const where = 'run_id = ? AND "key" = ? AND step >= ? AND step <= ?';
  const one = dialect.limitOffset(1, 0);
  const ordered = (orderBy: string, isExtreme: 0 | 1, condition = where) => ({
    sql: `SELECT ${columns}, ${isExtreme} AS is_extreme FROM metrics WHERE ${condition} ORDER BY ${orderBy} ${one.sql}`,
    params: [...bucketParams, ...one.params],
  });
  const extreme = (kind: 'min' | 'max') => {
    if (dialect.extremeMetricPointSql) return { sql: `SELECT *, 1 AS is_extreme FROM (${dialect.extremeMetricPointSql(where, kind)}) extreme`, params: bucketParams };
    const direction = kind === 'max' ? ' DESC' : '';
    const keys = codec.sortKeys('metrics').map((expression) => `${expression}${direction}`);
    return ordered(`${keys.join(', ')}, step, timestamp, id`, 1, `${where} AND NOT (${codec.isNaN('metrics')})`);
  };
  return [ordered('step, timestamp, id', 0), ordered('step DESC, timestamp DESC, id DESC', 0), extreme('min'), extreme('max')];
}

/**
 * The step range [first, last] of each non-empty bucket of the core's down-sampling,
 * whose bucket of a step is `floor(((step - first) * bucketCount) / span)` in float64.
 * Steps are integers, so each bucket's lowest step is found exactly by evaluating that
 * same expression around its estimate.
 */
export function bucketStepRanges(firstStep: number, lastStep: number, bucketCount: number): [number, number][] {
  const span = lastStep - firstStep + 1;
  const bucketOf = (step: number) => Math.floor(((step - firstStep) * bucketCount) / span);
  const ranges: [number, number][] = [];
  let low = firstStep;
  while (low <= lastStep) {
    const bucket = bucketOf(low);
    // The first step of the next bucket: estimate, then correct by whole steps.
    let next = Math.max(low + 1, firstStep + Math.ceil(((bucket + 1) * span) / bucketCount));
    while (next > low + 1 && bucketOf(next - 1) > bucket) next--;
    while (next <= lastStep && bucketOf(next) === bucket) next++;
    ranges.push([low, Math.min(next - 1, lastStep)]);
    low = next;
  }
  return ranges;
}
