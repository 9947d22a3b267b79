import { createHash } from 'node:crypto';
import type { CategoricalDistribution, ColumnType, DataColumn, DataDistribution, NumericDistribution } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { describe } from '../validation.js';

/** Rows of plain records, in memory or streamed. */
export type DataRows = Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;

/** What one pass over the rows tells: schema, row count and content hash. */
export interface DataProfile {
  columns: DataColumn[];
  rowCount: number;
  sha256: string;
}

/**
 * Reads the rows once, inferring column types, counting rows and hashing the canonical
 * encoding (see `canonicalRow`), so a data set of any size streams through in constant memory.
 */
export async function profileData(rows: DataRows): Promise<DataProfile> {
  const hash = createHash('sha256');
  const types = new Map<string, Set<ColumnType>>();
  let rowCount = 0;
  for await (const row of asIterable(rows)) {
    checkRow(row, rowCount);
    hash.update(canonicalRow(row));
    for (const [name, value] of Object.entries(row)) {
      let seen = types.get(name);
      if (!seen) types.set(name, (seen = new Set()));
      const type = typeOf(value);
      if (type !== 'null') seen.add(type);
    }
    rowCount++;
  }
  const columns = [...types].map(([name, seen]) => ({ name, type: seen.size === 0 ? 'null' : seen.size === 1 ? [...seen][0]! : 'mixed' }) as DataColumn);
  return { columns, rowCount, sha256: hash.digest('hex') };
}

/**
 * The canonical encoding of one row, hashed by `profileData`: a JSON array of
 * `[key, value]` pairs sorted by key, each value tagged with its type (`n:` number as
 * `String(n)`, `s:` string, `b:` boolean, `d:` ISO date, `i:` bigint, `j:` JSON of anything
 * else, `null` for null or undefined), followed by a newline. Key order and object identity
 * do not change the hash; any change of a value, a type, a key or the row order does.
 */
export function canonicalRow(row: Record<string, unknown>): string {
  const keys = Object.keys(row).sort();
  return `${JSON.stringify(keys.map((key) => [key, canonicalValue(row[key])]))}\n`;
}

function canonicalValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return `n:${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'string':
      return `s:${value}`;
    case 'boolean':
      return `b:${value}`;
    case 'bigint':
      return `i:${value}`;
    default:
      return value instanceof Date ? `d:${value.toISOString()}` : `j:${JSON.stringify(value)}`;
  }
}

function typeOf(value: unknown): ColumnType {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'date';
  return 'mixed';
}

/**
 * The distribution of one column: a numeric summary and equal-width histogram when every
 * non-null value is a number, otherwise value counts (most frequent first).
 */
export async function computeDistribution(rows: DataRows, column: string, bins = 10): Promise<DataDistribution> {
  if (!Number.isInteger(bins) || bins < 1 || bins > 10_000) {
    throw new MLOpsError('INVALID_ARGUMENT', `Histogram bins ${describe(bins)} is not a whole number from 1 to 10000. Pass e.g. { bins: 20 }.`);
  }
  const numbers: number[] = [];
  const counts = new Map<string, number>();
  let isNumeric = true;
  let nullCount = 0;
  let rowIndex = 0;
  for await (const row of asIterable(rows)) {
    checkRow(row, rowIndex++);
    const value = row[column];
    const key = value === null || value === undefined ? 'null' : value instanceof Date ? value.toISOString() : String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) nullCount++;
    else if (typeof value === 'number' && isNumeric) numbers.push(value);
    else isNumeric = false;
  }
  if (isNumeric && numbers.length > 0) return numericDistribution(column, numbers, nullCount, bins);
  const valueCounts = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return { column, kind: 'categorical', valueCounts } satisfies CategoricalDistribution;
}

function numericDistribution(column: string, values: number[], nullCount: number, bins: number): NumericDistribution {
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  let m2 = 0;
  values.forEach((value, index) => {
    min = Math.min(min, value);
    max = Math.max(max, value);
    const delta = value - mean;
    mean += delta / (index + 1);
    m2 += delta * (value - mean);
  });
  const binCount = min === max || !Number.isFinite(max - min) ? 1 : bins;
  const width = binCount === 1 ? 0 : (max - min) / binCount;
  const binEdges = Array.from({ length: binCount + 1 }, (_edge, index) => (index === binCount ? max : min + index * width));
  const histogram = new Array<number>(binCount).fill(0);
  for (const value of values) {
    const index = width === 0 ? 0 : Math.min(binCount - 1, Math.floor((value - min) / width));
    histogram[index]!++;
  }
  return {
    column,
    kind: 'numeric',
    summary: { count: values.length, nullCount, min, max, mean, stddev: values.length > 1 ? Math.sqrt(m2 / (values.length - 1)) : 0 },
    histogram: { binEdges, counts: histogram },
  };
}

function checkRow(row: unknown, index: number): asserts row is Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Row ${index} is ${describe(row)}, not a plain record. Pass rows as objects such as { sepalLength: 5.1, species: 'setosa' }.`);
  }
}

function asIterable(rows: DataRows): AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>> {
  if (rows && (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (rows as Iterable<unknown>)[Symbol.iterator] === 'function')) {
    if (typeof rows === 'string') throw notRows(rows);
    return rows;
  }
  throw notRows(rows);
}

function notRows(rows: unknown): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', `Data ${describe(rows)} is not an array or iterable of rows. Pass an array, a generator or an async iterable of plain records.`);
}
