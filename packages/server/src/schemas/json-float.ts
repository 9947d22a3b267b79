import { Type, type Static } from 'typebox';

/**
 * A float64 as JSON carries it: a number, or one of the strings `"NaN"`, `"Infinity"` and
 * `"-Infinity"`, since JSON has no literal for them and `JSON.stringify` writes `null`
 * (metrics keep NaN and ±Infinity, so they must survive the trip).
 */
export const JsonFloat = Type.Union([Type.Number(), Type.Literal('NaN'), Type.Literal('Infinity'), Type.Literal('-Infinity')], {
  description: 'A float64. NaN, Infinity and -Infinity travel as the strings "NaN", "Infinity" and "-Infinity".',
});

export type JsonFloatValue = Static<typeof JsonFloat>;

/** The number a `JsonFloat` stands for. */
export function decodeFloat(value: JsonFloatValue): number {
  if (typeof value === 'number') return value;
  return value === 'NaN' ? Number.NaN : value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/** Decodes every `JsonFloat` of a list. */
export function decodeFloats(values: readonly JsonFloatValue[]): number[] {
  return values.map(decodeFloat);
}

/**
 * A copy of `value` in which every NaN and ±Infinity, however deep, is its `JsonFloat`
 * string; other values are shared, not copied. Run on every response before serialization.
 */
export function encodeNonFiniteNumbers(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item = value[index] as unknown;
      const encoded = encodeNonFiniteNumbers(item);
      if (encoded !== item) (copy ??= [...value])[index] = encoded;
    }
    return copy ?? value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const encoded = encodeNonFiniteNumbers(item);
    if (encoded !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = encoded;
  }
  return copy ?? value;
}
