import type { SqlDialect } from './sql-dialect.js';

const converted = new WeakMap<SqlDialect, Map<string, string>>();
/** Distinct statements remembered per dialect; dynamic search SQL beyond this is converted each time. */
const cacheLimit = 2_000;

/**
 * Rewrites the `?` placeholders of `sql` into the dialect's form (`$1`, `@p1`, …),
 * leaving quoted literals and identifiers alone. Results are cached per dialect, so
 * the shared layer's fixed statements are converted once.
 */
export function bindPlaceholders(sql: string, dialect: SqlDialect): string {
  if (dialect.placeholder(1) === '?') return sql;
  let cache = converted.get(dialect);
  if (!cache) converted.set(dialect, (cache = new Map()));
  const cached = cache.get(sql);
  if (cached !== undefined) return cached;
  let index = 0;
  let quote: string | null = null;
  let output = '';
  for (const char of sql) {
    if (quote !== null) {
      if (char === quote) quote = null;
      output += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      output += char;
    } else if (char === '?') {
      output += dialect.placeholder(++index);
    } else {
      output += char;
    }
  }
  if (cache.size < cacheLimit) cache.set(sql, output);
  return output;
}
