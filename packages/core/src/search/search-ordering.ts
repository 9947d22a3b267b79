import type { FilterField } from '../spec/v1/filter-field.js';
import type { OrderByTerm } from '../spec/v1/order-by-term.js';

/** Reads a field of an entity: a number, a string, or null when missing or null. */
export type FieldValueReader<Entity> = (entity: Entity, field: FilterField) => number | string | null;

/**
 * A comparator for `Array.prototype.sort` that applies the order terms, then the id
 * ascending. In both directions values come first, then NaN, then missing or null.
 */
export function compareByOrder<Entity extends { id: string }>(
  terms: readonly OrderByTerm[],
  read: FieldValueReader<Entity>,
): (a: Entity, b: Entity) => number {
  return (a, b) => {
    for (const term of terms) {
      const left = read(a, term.field);
      const right = read(b, term.field);
      const rankDifference = rankOf(left) - rankOf(right);
      if (rankDifference !== 0) return rankDifference;
      if (rankOf(left) !== 0) continue;
      const difference = compareValues(left!, right!);
      if (difference !== 0) return term.direction === 'desc' ? -difference : difference;
    }
    return compareCodePoints(a.id, b.id);
  };
}

/** 0 for a value, 1 for NaN, 2 for missing or null: the order in both directions. */
function rankOf(value: number | string | null): number {
  if (value === null) return 2;
  return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}

function compareValues(left: number | string, right: number | string): number {
  if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
  return compareCodePoints(String(left), String(right));
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 encoding
 * (SQLite's BINARY collation, PostgreSQL's "C"). JavaScript's `<` compares UTF-16 units,
 * which differs for characters above U+FFFF versus U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointOrderKey(left) - codePointOrderKey(right);
  }
  return a.length - b.length;
}

// Moves surrogates (D800–DFFF) above E000–FFFF, so unit order matches code point order.
function codePointOrderKey(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
