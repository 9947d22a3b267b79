import { experimentFields, runFields, storeErrors, type Experiment, type LifecycleFilter, type Run, type RunInfo, type Tags } from '@mlops-ts/core';
import { mapRow, selectList } from '../entity-rows.js';
import { columnsOfRows } from '../on-conflict-sql.js';
import { toRunInfo, type Row } from '../row-mappers.js';
import { chunkForParameters, placeholderList, type SqlSession } from '../sql-session.js';

/** The run columns the store reads runs by; each is served by an index on `runs`. */
export type RunSelection = 'id' | 'experiment_id' | 'git_commit';

/**
 * Runs whose `column` equals `value` in `lifecycle` (default: every stage), oldest first
 * (by startTime, then id), each with its params, latest metrics and tags: four queries
 * whatever the number of runs. Call it inside a read transaction so the four see one snapshot.
 */
export async function readRuns(session: SqlSession, column: RunSelection, value: string, lifecycle: LifecycleFilter = 'all'): Promise<Run[]> {
  const where = lifecycle === 'all' ? { sql: `${column} = ?`, params: [value] } : { sql: `${column} = ? AND lifecycle_stage = ?`, params: [value, lifecycle] };
  const rows = await session.all<Row>(`SELECT ${selectList(runFields)} FROM runs WHERE ${where.sql} ORDER BY start_time, id`, where.params);
  if (rows.length === 0) return [];
  const runs = rows.map((row) => toRunInfo(row));
  // Few runs: bind their ids. Many: select them again in a subquery instead of binding thousands of ids.
  const selection = runs.length <= 50 ? undefined : { sql: `SELECT id FROM runs WHERE ${where.sql}`, params: where.params };
  return attachRunDetails(session, runs, selection);
}

/**
 * Adds params, latest metrics and tags to `runs`, keeping their order. `selection` is a
 * subquery returning exactly these runs' ids; without it, the ids are bound in chunks.
 */
export async function attachRunDetails(session: SqlSession, runs: readonly RunInfo[], selection?: { sql: string; params: unknown[] }): Promise<Run[]> {
  const byId = new Map<string, Run>();
  for (const run of runs) byId.set(run.id, { ...run, params: {}, metrics: {}, tags: {} });
  if (runs.length === 0) return [];
  const codec = session.dialect.metricValue;
  const metricColumns = codec.columns.map((column) => column.name).join(', ');
  const selections = selection
    ? [selection]
    : chunkForParameters([...byId.keys()], session.dialect).map((ids) => ({ sql: placeholderList(ids.length), params: ids }));
  for (const { sql, params } of selections) {
    for (const [runId, key, value] of (await session.arrays(`SELECT run_id, "key", value FROM params WHERE run_id IN (${sql})`, params)) as string[][]) {
      byId.get(runId!)!.params[key!] = value!;
    }
    for (const [runId, key, value] of (await session.arrays(`SELECT run_id, "key", value FROM run_tags WHERE run_id IN (${sql})`, params)) as string[][]) {
      byId.get(runId!)!.tags[key!] = value!;
    }
    for (const row of await session.arrays(`SELECT run_id, "key", ${metricColumns} FROM latest_metrics WHERE run_id IN (${sql})`, params)) {
      byId.get(row[0] as string)!.metrics[row[1] as string] = codec.read(row, 2);
    }
  }
  return [...byId.values()];
}

/** Upserts tags of a run (`run_tags`) or an experiment (`experiment_tags`), in as few statements as the dialect allows. */
export async function writeTags(session: SqlSession, table: 'run_tags' | 'experiment_tags', ownerColumn: 'run_id' | 'experiment_id', ownerId: string, tags: Tags): Promise<void> {
  const rows = Object.entries(tags).map(([key, value]) => [ownerId, key, value]);
  if (rows.length === 0) return;
  const t = session.dialect.types;
  const columns = [
    { name: ownerColumn, type: t.id },
    { name: '"key"', type: t.key },
    { name: 'value', type: t.text },
  ];
  await session.runPlans(session.dialect.upsertRows(table, columns, columnsOfRows(rows, 3), [ownerColumn, '"key"'], ['value']));
}

/** Throws NOT_FOUND (worded by the core) unless the run exists. */
export async function requireRun(session: SqlSession, runId: string): Promise<void> {
  if ((await session.first('SELECT 1 AS found FROM runs WHERE id = ?', [runId])) === undefined) {
    throw storeErrors.runNotFound(runId, session.providerId);
  }
}

/** Throws NOT_FOUND for the first of `runIds` that does not exist. */
export async function requireRuns(session: SqlSession, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 1) return requireRun(session, runIds[0]!);
  for (const chunk of chunkForParameters(runIds, session.dialect)) {
    const found = new Set((await session.arrays(`SELECT id FROM runs WHERE id IN (${placeholderList(chunk.length)})`, chunk)).map((row) => row[0]));
    const missing = chunk.find((runId) => !found.has(runId));
    if (missing !== undefined) throw storeErrors.runNotFound(missing, session.providerId);
  }
}

/** Throws NOT_FOUND (worded by the core) unless the experiment exists. */
export async function requireExperiment(session: SqlSession, experimentId: string): Promise<void> {
  if ((await session.first('SELECT 1 AS found FROM experiments WHERE id = ?', [experimentId])) === undefined) {
    throw storeErrors.experimentNotFound(experimentId, session.providerId);
  }
}

/** Experiments matching `where` (with its params), oldest first unless `orderBy` says otherwise, with their tags. */
export async function readExperiments(session: SqlSession, where = '', params: unknown[] = [], orderBy = 'created_at, id'): Promise<Experiment[]> {
  const rows = await session.all<Row>(`SELECT ${selectList(experimentFields)} FROM experiments ${where} ORDER BY ${orderBy}`, params);
  if (rows.length === 0) return [];
  const tagRows = await session.arrays(
    `SELECT experiment_id, "key", value FROM experiment_tags WHERE experiment_id IN (SELECT id FROM experiments ${where})`,
    params,
  );
  const tagsById = new Map<string, Tags>();
  for (const [experimentId, key, value] of tagRows as string[][]) {
    let tags = tagsById.get(experimentId!);
    if (!tags) tagsById.set(experimentId!, (tags = {}));
    tags[key!] = value!;
  }
  return rows.map((row) => toExperiment(row, tagsById.get(row.id as string) ?? {}));
}

/** An experiment from its row and its tags. */
export function toExperiment(row: Row, tags: Tags): Experiment {
  return { ...mapRow(experimentFields, row), tags };
}
