/**
 * JSON, and so Cosmos DB, cannot hold NaN, Infinity or -Infinity. The store writes them
 * in two ways:
 *
 * - A metric value (in a run's latest values and in metric point documents) is a JSON
 *   number when finite and the string 'NaN', 'Infinity' or '-Infinity' otherwise. Such a
 *   slot never holds a user string, so the encoding is unambiguous, and a query can still
 *   compare the finite values as numbers (`IS_NUMBER`) and match the infinities by string.
 * - Inside structured records (confusion matrices, data distributions) a non-finite number
 *   becomes the object `{ "$float": "NaN" }`, since strings there are user data.
 *
 * JSON also drops the sign of -0; it is stored as 0.
 */

/** A metric value as stored: a finite number, or 'NaN', 'Infinity' or '-Infinity'. */
export type StoredMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** Encodes a metric value for storage. */
export function encodeMetricValue(value: number): StoredMetricValue {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/** Decodes a stored metric value. */
export function decodeMetricValue(stored: unknown): number {
  return typeof stored === 'number' ? stored : Number(stored);
}

const floatTag = '$float';

/** Deep copy of `value` in which every non-finite number is replaced by `{ $float: '…' }`. */
export function encodeNonFiniteNumbers<T>(value: T): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { [floatTag]: String(value) };
  if (Array.isArray(value)) return value.map((item) => encodeNonFiniteNumbers(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encodeNonFiniteNumbers(item)]));
  }
  return value;
}

/** The inverse of `encodeNonFiniteNumbers`. */
export function decodeNonFiniteNumbers<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((item) => decodeNonFiniteNumbers(item)) as T;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === floatTag && typeof entries[0]![1] === 'string') return Number(entries[0]![1]) as T;
    return Object.fromEntries(entries.map(([key, item]) => [key, decodeNonFiniteNumbers(item)])) as T;
  }
  return value as T;
}
