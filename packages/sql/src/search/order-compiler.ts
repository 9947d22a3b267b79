import type { OrderByTerm } from '@mlops-ts/core';
import type { SqlFragment } from '../metric-value-codec.js';
import type { SqlDialect } from '../sql-dialect.js';
import { attributeOf, keyValueTableOf, type SearchTarget } from './search-targets.js';

/** The joins an ORDER BY needs and the ORDER BY list itself (ending with the id). */
export interface CompiledOrder {
  /** LEFT JOINs bringing each metric, param or tag sort key next to the entity; bound values in `params`. */
  joins: SqlFragment;
  /** The ORDER BY list, without the keyword. */
  orderBy: string;
}

/**
 * Compiles order-by terms into SQL with the reference ordering: in both directions,
 * entities with a value come first, then NaN metrics, then missing keys and null
 * attributes; values compare numerically or by code point (binary collations); ties
 * are broken by the id, ascending.
 */
export function compileOrder(terms: readonly OrderByTerm[], target: SearchTarget, dialect: SqlDialect): CompiledOrder {
  const joins: string[] = [];
  const params: unknown[] = [];
  const keys: string[] = [];
  terms.forEach((term, index) => {
    const direction = term.direction === 'desc' ? ' DESC' : '';
    const { field } = term;
    if (field.kind === 'attribute') {
      const attribute = attributeOf(target, field.name);
      if (attribute.isNullable) keys.push(`CASE WHEN ${attribute.sql} IS NULL THEN 1 ELSE 0 END`);
      keys.push(`${attribute.sql}${direction}`);
      return;
    }
    const table = keyValueTableOf(target, field);
    const alias = `o${index}`;
    joins.push(`LEFT JOIN ${table.table} ${alias} ON ${alias}.${table.ownerColumn} = ${target.idColumn} AND ${alias}."key" = ?`);
    params.push(field.key);
    if (table.valueKind === 'metric') {
      const codec = dialect.metricValue;
      keys.push(`CASE WHEN ${alias}.${table.ownerColumn} IS NULL THEN 2 WHEN ${codec.isNaN(alias)} THEN 1 ELSE 0 END`);
      keys.push(...codec.sortKeys(alias).map((key) => `${key}${direction}`));
    } else {
      keys.push(`CASE WHEN ${alias}.${table.ownerColumn} IS NULL THEN 1 ELSE 0 END`);
      keys.push(`${alias}.value${direction}`);
    }
  });
  keys.push(target.idColumn);
  return { joins: { sql: joins.join('\n'), params }, orderBy: keys.join(', ') };
}
