/**
 * Flattens a trainer's options into dotted string keys, the way MLOps.NET logged a
 * whole ML.NET trainer: nested plain objects become `a.b.c`, arrays become JSON,
 * functions and undefined are skipped, everything else is stringified.
 */
export function flattenHyperParameters(value: Record<string, unknown>, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue;
    if (isPlainObject(entry)) {
      Object.assign(flat, flattenHyperParameters(entry, path));
    } else {
      // An own property even for '__proto__' (which assignment would turn into the prototype), so validation sees and refuses it.
      Object.defineProperty(flat, path, { value: stringifyHyperParameter(entry), enumerable: true, writable: true, configurable: true });
    }
  }
  return flat;
}

/** The stored form of one hyper-parameter value. */
export function stringifyHyperParameter(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) || isPlainObject(value)) return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item));
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
