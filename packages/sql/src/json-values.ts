/*
 * JSON cannot hold NaN or ±Infinity (JSON.stringify writes null), yet precision, recall
 * and distribution summaries contain them. They are written as {"$float":"NaN"} and read
 * back as numbers; no stored structure has objects of that shape otherwise. Databases
 * created by @mlops-ts/sqlite before the shared layer use the same encoding.
 */
const nonFiniteMarker = '$float';

/** JSON text for `value`, keeping NaN and ±Infinity. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'number' && !Number.isFinite(item) ? { [nonFiniteMarker]: String(item) } : item,
  );
}

/** Parses text written by `toJson`. */
export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, item: unknown) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const marked = (item as Record<string, unknown>)[nonFiniteMarker];
      if (typeof marked === 'string' && Object.keys(item).length === 1) return Number(marked);
    }
    return item;
  }) as T;
}
