/**
 * Remembers SQL text built from arrays of column names that callers reuse (the metric
 * columns of a dialect): the statement is built once per array and variant, so the hot
 * logging path does not rebuild and rehash it on every call.
 */
export class StatementCache {
  readonly #byColumns = new WeakMap<object, Map<unknown, Map<string, string>>>();

  /** The SQL `build` returns for this `columns` array, `variant` object (e.g. a condition function, or null) and `key`. */
  get(columns: object, variant: unknown, key: string, build: () => string): string {
    let byVariant = this.#byColumns.get(columns);
    if (!byVariant) this.#byColumns.set(columns, (byVariant = new Map()));
    let byKey = byVariant.get(variant);
    if (!byKey) byVariant.set(variant, (byKey = new Map()));
    let sql = byKey.get(key);
    if (sql === undefined) byKey.set(key, (sql = build()));
    return sql;
  }
}
