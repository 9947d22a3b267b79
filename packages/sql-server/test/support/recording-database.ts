import type { SqlDatabase, SqlExecutor } from '@mlops-ts/sql';

/** One statement the store sent. */
export interface RecordedStatement {
  sql: string;
  params: readonly unknown[];
}

/*
 * Plausible answers, so that every store method runs to its end: existence checks find
 * their row, run 'x' has one param, tag and metric, a history has 5,000 points over steps
 * 0..9,999 (buckets with whole blocks of steps), and the database starts empty (so migrations run).
 */
/** What the recorder answers for a run's or experiment's stage: 'deleted' lets the purge statements run. */
export const recordedStage = { lifecycleStage: 'active' };

const rowValues: Record<string, unknown> = {
  get lifecycle_stage() {
    return recordedStage.lifecycleStage;
  },
  id: 'x',
  run_id: 'x',
  experiment_id: 'e',
  name: 'n',
  status: 'running',
  value: 'v',
  version: 1,
  description: null,
  tags: '{}',
  labels: '[]',
  counts: '[]',
  precision: '[]',
  recall: '[]',
  columns: '[]',
  inputs: '[]',
  outputs: '[]',
  distribution: '{"column":"c","kind":"categorical","valueCounts":[]}',
  is_production: true,
};

function answerRows(sql: string): unknown[][] {
  if (sql.includes('INFORMATION_SCHEMA.TABLES')) return [];
  if (sql.startsWith('SELECT COUNT(*)')) return [[5_000]];
  if (sql.startsWith('SELECT MIN(step)')) return [[0]];
  if (sql.startsWith('SELECT MAX(step)')) return [[9_999]];
  if (sql.includes('MAX(version)')) return [[3]];
  if (sql.startsWith('SELECT MAX(id)')) return [['x']];
  if (sql.startsWith('SELECT step, timestamp')) return [[1, 2, 0.5, 0, 7]];
  return [['x', 'k', 'v', 0, 1, 1, 1]];
}

/**
 * A `SqlDatabase` that records every statement instead of running it, for checking the
 * SQL the store generates for a dialect without a server.
 */
export function createRecordingDatabase(): { database: SqlDatabase; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const record = (sql: string, params: readonly unknown[] = []) => statements.push({ sql, params: [...params] });
  const executor: SqlExecutor = {
    async query<Row extends object>(sql: string, params?: readonly unknown[]) {
      record(sql, params);
      if (sql.includes('INFORMATION_SCHEMA.TABLES')) return [];
      return [new Proxy({}, { get: (_target, property) => (typeof property === 'string' && property in rowValues ? rowValues[property] : 1) }) as Row];
    },
    async queryArrays(sql, params) {
      record(sql, params);
      return answerRows(sql);
    },
    async execute(sql, params) {
      record(sql, params);
      return 1;
    },
    async executeBatch(sql, columns) {
      const count = columns[0]?.length ?? 0;
      for (let row = 0; row < count; row++) record(sql, columns.map((column) => column[row]));
    },
  };
  return {
    statements,
    database: {
      transaction: (_mode, work) => work(executor),
      close: async () => undefined,
    },
  };
}
