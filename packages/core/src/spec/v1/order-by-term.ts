import type { FilterField } from './filter-field.js';

/**
 * One sort key of a search, parsed from text such as `'metrics.accuracy DESC'`.
 *
 * Numbers sort numerically and strings by Unicode code point (byte order of UTF-8, as
 * SQL's binary collations do). In both directions, entities that have a value come
 * first, then those whose metric is NaN, then those that lack the key or whose attribute
 * is null. Stores break ties with the entity id, ascending.
 */
export interface OrderByTerm {
  /** What to sort by. */
  field: FilterField;
  /** 'asc' (the default when the text names none) or 'desc'. */
  direction: 'asc' | 'desc';
}
