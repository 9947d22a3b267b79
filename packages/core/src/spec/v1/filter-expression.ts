import type { FilterField, SourceSpan } from './filter-field.js';

/**
 * A parsed search filter: a tree of `and`/`or` nodes over predicates on fields. The core
 * parses and type-checks the text once (`parseFilter`); a store evaluates or compiles the
 * tree, binding every key and value as a query parameter.
 *
 * Semantics (the in-memory store is the reference; see the "Searching runs" README):
 * - A predicate on a field the entity lacks (missing key, null attribute) is false,
 *   except `IS NULL`, which is true. `!=` and `NOT IN` do not match a missing key.
 * - A NaN metric is present (`IS NOT NULL` is true) but matches no comparison, `!=` and
 *   `NOT IN` included (as an SQL NULL would).
 * - Values have the field's type: numbers for metrics and numeric attributes, strings
 *   for params, tags and string attributes (checked at parse time). Numbers are finite.
 * - There is no negation of a sub-expression, so two-valued logic is exact: a store may
 *   evaluate each predicate to false where SQL gives NULL.
 *
 * Nodes carry `span`s when parsed from text; they are informational and never change the
 * meaning.
 */
export type FilterExpression =
  | FilterAndExpression
  | FilterOrExpression
  | FilterComparison
  | FilterLikeComparison
  | FilterInComparison
  | FilterNullCheck;

/** True when every operand is true. Has at least two operands, none of them another `and`. */
export interface FilterAndExpression {
  /** Discriminant. */
  kind: 'and';
  /** Two or more sub-expressions. */
  operands: FilterExpression[];
  /** Where the expression was written. */
  span?: SourceSpan;
}

/** True when any operand is true. Has at least two operands, none of them another `or`. */
export interface FilterOrExpression {
  /** Discriminant. */
  kind: 'or';
  /** Two or more sub-expressions. */
  operands: FilterExpression[];
  /** Where the expression was written. */
  span?: SourceSpan;
}

/** The comparison operators of `FilterComparison`. */
export type FilterComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `field <operator> value`. Numbers compare numerically; strings compare only with `=` and
 * `!=` (exact, case-sensitive). `<`, `<=`, `>` and `>=` appear only on numeric fields.
 * False when the field is missing, null or NaN.
 */
export interface FilterComparison {
  /** Discriminant. */
  kind: 'comparison';
  /** What is compared. */
  field: FilterField;
  /** The operator. */
  operator: FilterComparisonOperator;
  /** A finite number for numeric fields, a string for string fields. */
  value: number | string;
  /** Where the comparison was written. */
  span?: SourceSpan;
}

/**
 * `field LIKE pattern` (case-sensitive) or `field ILIKE pattern` (case-insensitive after
 * lower-casing both sides with Unicode rules, `String.prototype.toLowerCase`). In the
 * pattern, `%` matches any run of characters, `_` exactly one character (a Unicode code
 * point), and a backslash makes the next character literal (`\%`, `\_`, `\\`); compile
 * with `ESCAPE '\'`. The whole value must match. Only on string fields; false when the
 * field is missing or null.
 */
export interface FilterLikeComparison {
  /** Discriminant. */
  kind: 'like';
  /** What is matched. */
  field: FilterField;
  /** True for ILIKE. */
  caseInsensitive: boolean;
  /** The pattern, with `%`, `_` and `\` as described. */
  pattern: string;
  /** Where the comparison was written. */
  span?: SourceSpan;
}

/**
 * `field IN (v1, v2, …)` or, when `negated`, `field NOT IN (…)`: true when the value
 * equals one of (`IN`) or none of (`NOT IN`) the values. False when the field is missing,
 * null or NaN, for both forms.
 */
export interface FilterInComparison {
  /** Discriminant. */
  kind: 'in';
  /** What is compared. */
  field: FilterField;
  /** True for NOT IN. */
  negated: boolean;
  /** One or more values, all of the field's type (finite numbers or strings). */
  values: (number | string)[];
  /** Where the comparison was written. */
  span?: SourceSpan;
}

/**
 * `field IS NULL` (the run lacks the key, or the attribute is null) or, when `negated`,
 * `field IS NOT NULL` (the key is present; a NaN metric is present).
 */
export interface FilterNullCheck {
  /** Discriminant. */
  kind: 'null-check';
  /** What is checked. */
  field: FilterField;
  /** True for IS NOT NULL. */
  negated: boolean;
  /** Where the check was written. */
  span?: SourceSpan;
}
