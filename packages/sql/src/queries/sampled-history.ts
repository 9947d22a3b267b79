import type { Metric, MetricHistoryRange } from '@mlops-ts/core';
import type { SqlSession } from '../sql-session.js';
import type { SqlFragment } from '../metric-value-codec.js';
import { historyRangeCondition, readMetricHistory } from './metric-queries.js';
import { extremeBlockQuery, metricBlockSteps } from './metric-block-extremes.js';

/**
 * One metric's history down-sampled in the database to at most `maxPoints` points, with
 * exactly the buckets of the core's `downsampleMetricHistory`: the steps of the range are
 * cut into `floor(maxPoints / 4)` equal-width buckets, and each bucket keeps its first,
 * last, minimum and maximum points in history order (NaN never counts as minimum or
 * maximum; among equal values the earliest point wins).
 *
 * Each bucket is a contiguous step range (the bucket of a step never decreases as the
 * step grows), so its first and last points are two index seeks. Its extremes come from
 * the blocks of 64 steps that lie wholly inside it (`metric_block_extremes`, a few rows)
 * and from a scan of the partial blocks at its two edges; when a whole block wins, a scan
 * of that one block finds the point. Only the kept points leave the database, and a
 * bucket costs the same however many points it holds.
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

  const points = pointQueries(session, runId, key);
  const codec = dialect.metricValue;
  // The kept rows by metric id: a bucket's first point may also be its minimum.
  const kept = new Map<string, unknown[]>();
  const keep = (row: unknown[] | undefined) => {
    if (row !== undefined) kept.set(String(row.at(-2)), row);
  };

  // First pass: each bucket's first and last points, and its extreme candidates in history
  // order: the partial block before its whole blocks, the whole blocks, the partial block after.
  const pointQueryList: TaggedQuery[] = [];
  const blockQueryList: TaggedQuery[] = [];
  buckets.forEach(([low, high], bucket) => {
    pointQueryList.push(points.first(low, high, tag(bucket, roles.first)), points.last(low, high, tag(bucket, roles.last)));
    const whole = wholeBlocks(low, high);
    for (const kind of extremes) {
      if (!whole) {
        pointQueryList.push(points.extreme(kind, low, high, tag(bucket, roles[kind].before)));
        continue;
      }
      const [firstBlock, lastBlock] = whole;
      if (low < firstBlock * metricBlockSteps) pointQueryList.push(points.extreme(kind, low, firstBlock * metricBlockSteps - 1, tag(bucket, roles[kind].before)));
      blockQueryList.push(withTag(session, extremeBlockQuery(session, runId, key, kind, firstBlock, lastBlock), tag(bucket, roles[kind].blocks)));
      if ((lastBlock + 1) * metricBlockSteps <= high) pointQueryList.push(points.extreme(kind, (lastBlock + 1) * metricBlockSteps, high, tag(bucket, roles[kind].after)));
    }
  });
  const found = new Map<number, unknown[]>();
  for (const row of await runTagged(session, pointQueryList)) found.set(Number(row.at(-1)), row);
  for (const row of await runTagged(session, blockQueryList)) found.set(Number(row.at(-1)), row);

  // Second pass: the point of each extreme that a whole block holds.
  const inBlocks: TaggedQuery[] = [];
  buckets.forEach((_range, bucket) => {
    keep(found.get(tag(bucket, roles.first)));
    keep(found.get(tag(bucket, roles.last)));
    for (const kind of extremes) {
      const before = found.get(tag(bucket, roles[kind].before));
      const blocks = found.get(tag(bucket, roles[kind].blocks));
      const after = found.get(tag(bucket, roles[kind].after));
      // Candidates in history order; the first with the most extreme value wins.
      const candidates = [
        { row: before, value: before ? codec.read(before, 2) : Number.NaN },
        { row: blocks, value: blocks ? codec.read(blocks, 1) : Number.NaN },
        { row: after, value: after ? codec.read(after, 2) : Number.NaN },
      ];
      let winner: (typeof candidates)[number] | undefined;
      for (const candidate of candidates) {
        if (Number.isNaN(candidate.value)) continue;
        if (!winner || (kind === 'min' ? candidate.value < winner.value : candidate.value > winner.value)) winner = candidate;
      }
      if (!winner) continue;
      if (winner.row !== blocks) keep(winner.row);
      else {
        const block = Number(blocks![0]);
        inBlocks.push(points.extreme(kind, block * metricBlockSteps, block * metricBlockSteps + metricBlockSteps - 1, tag(bucket, roles[kind].blocks)));
      }
    }
  });
  for (const row of await runTagged(session, inBlocks)) if (!Number.isNaN(codec.read(row, 2))) keep(row);

  return [...kept.values()]
    .map((row) => ({ row, step: Number(row[0]), timestamp: Number(row[1]), id: Number(row.at(-2)) }))
    .sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || a.id - b.id)
    .map(({ row, step, timestamp }) => ({ runId, key, value: codec.read(row, 2), step, timestamp }));
}

const extremes = ['min', 'max'] as const;

/** What a row answers for its bucket, in its tag: `bucket * roleCount + role`. */
const roles = {
  first: 0,
  last: 1,
  min: { before: 2, blocks: 3, after: 4 },
  max: { before: 5, blocks: 6, after: 7 },
} as const;
const roleCount = 8;
const tag = (bucket: number, role: number) => bucket * roleCount + role;

/** A query whose rows end with the tag it was given. */
type TaggedQuery = SqlFragment;

/** The blocks lying wholly inside steps [low, high], if any. */
function wholeBlocks(low: number, high: number): [number, number] | undefined {
  const first = Math.ceil(low / metricBlockSteps);
  const last = Math.floor((high + 1) / metricBlockSteps) - 1;
  return first <= last ? [first, last] : undefined;
}

/** `query` with its tag as a last column (bound, so each shape of query is prepared once). */
function withTag(session: SqlSession, query: SqlFragment, value: number): TaggedQuery {
  return { sql: `SELECT tagged.*, CAST(? AS ${session.dialect.types.integer}) AS tag FROM (${query.sql}) tagged`, params: [value, ...query.params] };
}

/**
 * The queries of one metric's points within a step range, each returning at most one
 * row of `step, timestamp, <value columns>, id, tag`: the first and last point in history
 * order, and the earliest point with the smallest or largest non-NaN value.
 */
function pointQueries(session: SqlSession, runId: string, key: string) {
  const { dialect } = session;
  const codec = dialect.metricValue;
  const columns = `step, timestamp, ${codec.columns.map((column) => column.name).join(', ')}, id`;
  const where = 'run_id = ? AND "key" = ? AND step >= ? AND step <= ?';
  const one = dialect.limitOffset(1, 0);
  const ordered = (orderBy: string, condition: string) => (low: number, high: number, tagged: number) =>
    withTag(session, { sql: `SELECT ${columns} FROM metrics WHERE ${condition} ORDER BY ${orderBy} ${one.sql}`, params: [runId, key, low, high, ...one.params] }, tagged);
  const sortedExtreme = (kind: 'min' | 'max') => {
    const direction = kind === 'max' ? ' DESC' : '';
    const keys = codec.sortKeys('metrics').map((expression) => `${expression}${direction}`);
    return ordered(`${keys.join(', ')}, step, timestamp, id`, `${where} AND NOT (${codec.isNaN('metrics')})`);
  };
  const extremeSql = dialect.extremeMetricPointSql?.bind(dialect);
  const byKind = {
    min: extremeSql ? (low: number, high: number, tagged: number) => withTag(session, { sql: extremeSql(where, 'min'), params: [runId, key, low, high] }, tagged) : sortedExtreme('min'),
    max: extremeSql ? (low: number, high: number, tagged: number) => withTag(session, { sql: extremeSql(where, 'max'), params: [runId, key, low, high] }, tagged) : sortedExtreme('max'),
  };
  return {
    first: ordered('step, timestamp, id', where),
    last: ordered('step DESC, timestamp DESC, id DESC', where),
    extreme: (kind: 'min' | 'max', low: number, high: number, tagged: number) => byKind[kind](low, high, tagged),
  };
}

/**
 * Runs tagged queries, as many per statement (UNION ALL) as the dialect combines and its
 * parameter limit allows, and returns every row. A row with no point (an extreme of NaN
 * only, as SQLite's aggregate form returns) has a NaN value; callers skip it.
 */
async function runTagged(session: SqlSession, queries: readonly TaggedQuery[]): Promise<unknown[][]> {
  const { capabilities } = session.dialect;
  const rows: unknown[][] = [];
  let start = 0;
  while (start < queries.length) {
    let end = start + 1;
    let parameters = queries[start]!.params.length;
    while (end < queries.length && end - start < capabilities.queriesPerStatement && parameters + queries[end]!.params.length <= capabilities.maxParameters) {
      parameters += queries[end]!.params.length;
      end++;
    }
    const chunk = queries.slice(start, end);
    const sql = chunk.length === 1 ? chunk[0]!.sql : chunk.map((query, index) => `SELECT * FROM (${query.sql}) q${index}`).join(' UNION ALL ');
    rows.push(...(await session.arrays(sql, chunk.flatMap((query) => query.params))));
    start = end;
  }
  return rows;
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
