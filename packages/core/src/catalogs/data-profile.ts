import { createHash } from 'node:crypto';
import type { ColumnType, DataColumn, DataDistribution } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { describe } from '../validation.js';
import { isoDate, where } from './column-values.js';
import { DistributionBuilder } from './distribution-builder.js';

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
    hash.update(canonicalRow(row, rowCount));
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
 *
 * @param rowIndex the row's position, named in errors
 * @throws MLOpsError INVALID_ARGUMENT for an invalid Date, or a value JSON cannot encode
 *   (a BigInt inside an object or array, a circular reference)
 */
export function canonicalRow(row: Record<string, unknown>, rowIndex?: number): string {
  const keys = Object.keys(row).sort();
  return `${JSON.stringify(keys.map((key) => [key, canonicalValue(row[key], key, rowIndex)]))}\n`;
}

function canonicalValue(value: unknown, column: string, rowIndex: number | undefined): string | null {
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
      if (value instanceof Date) return `d:${isoDate(value, column, rowIndex)}`;
      try {
        return `j:${JSON.stringify(value)}`;
      } catch (cause) {
        throw new MLOpsError(
          'INVALID_ARGUMENT',
          `${where(column, rowIndex)} holds a value JSON cannot encode (${(cause as Error).message}). Convert BigInts inside objects and arrays to strings or numbers, and remove circular references.`,
          { cause },
        );
      }
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

/** How `computeDistribution` bins numbers and caps categories. */
export interface DistributionOptions {
  /** Histogram bins for numeric columns, 1 to 10000. Default 10. */
  bins?: number;
  /** Most distinct values listed for a categorical column; the rest add up in `otherCount`. Default 1000. */
  maxCategories?: number;
}

/** Distinct values listed for a categorical column unless `maxCategories` says otherwise. */
export const defaultMaxCategories = 1000;

/**
 * The distribution of one column, in memory that does not grow with the row count: a numeric
 * summary and equal-width histogram when every non-null value is a number (see
 * `NumericSketch` for the histogram's error bound), otherwise the most frequent values with
 * their counts (see `CategoryCounter` for the bound once there are more than `maxCategories`).
 */
export async function computeDistribution(rows: DataRows, column: string, options: DistributionOptions = {}): Promise<DataDistribution> {
  const builder = new DistributionBuilder(column, checkDistributionOptions(options));
  let rowIndex = 0;
  for await (const row of asIterable(rows)) {
    checkRow(row, rowIndex);
    builder.add(row[column], rowIndex);
    rowIndex++;
  }
  return builder.build();
}

/** The options with their defaults, checked. */
export function checkDistributionOptions(options: DistributionOptions): Required<DistributionOptions> {
  return {
    bins: wholeNumberOption('Histogram bins', 'bins', options.bins ?? 10, 10_000),
    maxCategories: wholeNumberOption('The category cap', 'maxCategories', options.maxCategories ?? defaultMaxCategories, 1_000_000),
  };
}

function wholeNumberOption(what: string, name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new MLOpsError('INVALID_ARGUMENT', `${what} ${describe(value)} is not a whole number from 1 to ${max}. Pass e.g. { ${name}: 20 }.`);
  }
  return value;
}

export function checkRow(row: unknown, index: number): asserts row is Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new MLOpsError('INVALID_ARGUMENT', `Row ${index} is ${describe(row)}, not a plain record. Pass rows as objects such as { sepalLength: 5.1, species: 'setosa' }.`);
  }
}

export function asIterable(rows: DataRows): AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>> {
  if (rows && (typeof (rows as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (rows as Iterable<unknown>)[Symbol.iterator] === 'function')) {
    if (typeof rows === 'string') throw notRows(rows);
    return rows;
  }
  throw notRows(rows);
}

function notRows(rows: unknown): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', `Data ${describe(rows)} is not an array or iterable of rows. Pass an array, a generator or an async iterable of plain records.`);
}
