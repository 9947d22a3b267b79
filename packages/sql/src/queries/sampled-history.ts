import type { Metric, MetricHistoryRange } from '@mlops-ts/core';
import type { SqlSession } from '../sql-session.js';
import { historyRangeCondition, readMetricHistory } from './metric-queries.js';
import { extremeBlockQuery, metricBlockSteps } from './metric-block-extremes.js';
import { runRanged, type RangedQuery, type TaggedRange } from './ranged-query.js';

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

  const codec = dialect.metricValue;
  const queries = bucketQueries(session, runId, key);
  // The kept rows by metric id: a bucket's first point may also be its minimum.
  const kept = new Map<string, unknown[]>();
  const keep = (row: unknown[] | undefined) => {
    if (row !== undefined) kept.set(String(row.at(-2)), row);
  };

  // First pass: each bucket's first and last points, and its extreme candidates in history
  // order: the partial block before its whole blocks, the whole blocks, the partial block after.
  const asked = new Map<RangedQuery, TaggedRange[]>();
  const ask = (query: RangedQuery, low: number, high: number, tagged: number) => {
    let ranges = asked.get(query);
    if (!ranges) asked.set(query, (ranges = []));
    ranges.push({ low, high, tag: tagged });
  };
  buckets.forEach(([low, high], bucket) => {
    ask(queries.first, low, high, tag(bucket, roles.first));
    ask(queries.last, low, high, tag(bucket, roles.last));
    const whole = wholeBlocks(low, high);
    for (const kind of extremes) {
      if (!whole) {
        ask(queries.extreme[kind], low, high, tag(bucket, roles[kind].before));
        continue;
      }
      const [firstBlock, lastBlock] = whole;
      if (low < firstBlock * metricBlockSteps) ask(queries.extreme[kind], low, firstBlock * metricBlockSteps - 1, tag(bucket, roles[kind].before));
      ask(queries.blocks[kind], firstBlock, lastBlock, tag(bucket, roles[kind].blocks));
      if ((lastBlock + 1) * metricBlockSteps <= high) ask(queries.extreme[kind], (lastBlock + 1) * metricBlockSteps, high, tag(bucket, roles[kind].after));
    }
  });
  const found = new Map<number, unknown[]>();
  for (const [query, ranges] of asked) for (const row of await runRanged(session, query, ranges)) found.set(Number(row.at(-1)), row);

  // Second pass: the point of each extreme that a whole block holds.
  const inBlocks = { min: [] as TaggedRange[], max: [] as TaggedRange[] };
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
        inBlocks[kind].push({ low: block * metricBlockSteps, high: block * metricBlockSteps + metricBlockSteps - 1, tag: tag(bucket, roles[kind].blocks) });
      }
    }
  });
  for (const kind of extremes) {
    for (const row of await runRanged(session, queries.extreme[kind], inBlocks[kind])) if (!Number.isNaN(codec.read(row, 2))) keep(row);
  }

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

/** The blocks lying wholly inside steps [low, high], if any. */
function wholeBlocks(low: number, high: number): [number, number] | undefined {
  const first = Math.ceil(low / metricBlockSteps);
  const last = Math.floor((high + 1) / metricBlockSteps) - 1;
  return first <= last ? [first, last] : undefined;
}

/**
 * The queries a bucket asks, each of at most one row. Over a step range: the first and
 * last point in history order, and the earliest point with the smallest or largest non-NaN
 * value (rows of `step, timestamp, <value columns>, id`). Over a block range: the most
 * extreme block (`block, <value columns>`).
 */
function bucketQueries(session: SqlSession, runId: string, key: string) {
  const { dialect } = session;
  const codec = dialect.metricValue;
  const columns = `step, timestamp, ${codec.columns.map((column) => column.name).join(', ')}, id`;
  const where = (low: string, high: string) => `run_id = ? AND "key" = ? AND step >= ${low} AND step <= ${high}`;
  const one = dialect.limitOffset(1, 0);
  const ordered = (orderBy: string, notNaN = false): RangedQuery => ({
    sql: (low, high) => `SELECT ${columns} FROM metrics WHERE ${where(low, high)}${notNaN ? ` AND NOT (${codec.isNaN('metrics')})` : ''} ORDER BY ${orderBy} ${one.sql}`,
    params: (range) => [runId, key, ...(range ?? []), ...one.params],
  });
  const extreme = (kind: 'min' | 'max'): RangedQuery => {
    const extremeSql = dialect.extremeMetricPointSql?.bind(dialect);
    if (extremeSql) return { sql: (low, high) => extremeSql(where(low, high), kind), params: (range) => [runId, key, ...(range ?? [])] };
    const direction = kind === 'max' ? ' DESC' : '';
    return ordered(`${codec.sortKeys('metrics').map((expression) => `${expression}${direction}`).join(', ')}, step, timestamp, id`, true);
  };
  return {
    first: ordered('step, timestamp, id'),
    last: ordered('step DESC, timestamp DESC, id DESC'),
    extreme: { min: extreme('min'), max: extreme('max') },
    blocks: { min: extremeBlockQuery(session, runId, key, 'min'), max: extremeBlockQuery(session, runId, key, 'max') },
  };
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
