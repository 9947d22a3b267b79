import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { OrderByTerm } from '../spec/v1/order-by-term.js';
import { describeField } from './filter-fields.js';

/**
 * Writes an expression back as filter text that `parseFilter` reads to the same tree
 * (spans aside): keywords upper-case, strings single-quoted with backslash escapes, keys
 * in backquotes when they need quoting.
 */
export function formatFilter(expression: FilterExpression): string {
  switch (expression.kind) {
    case 'and':
      return expression.operands.map((operand) => (operand.kind === 'or' ? `(${formatFilter(operand)})` : formatFilter(operand))).join(' AND ');
    case 'or':
      return expression.operands.map((operand) => formatFilter(operand)).join(' OR ');
    case 'comparison':
      return `${describeField(expression.field)} ${expression.operator} ${formatLiteral(expression.value)}`;
    case 'like':
      return `${describeField(expression.field)} ${expression.caseInsensitive ? 'ILIKE' : 'LIKE'} ${formatLiteral(expression.pattern)}`;
    case 'in':
      return `${describeField(expression.field)} ${expression.negated ? 'NOT IN' : 'IN'} (${expression.values.map(formatLiteral).join(', ')})`;
    case 'null-check':
      return `${describeField(expression.field)} IS ${expression.negated ? 'NOT NULL' : 'NULL'}`;
  }
}

/** Writes order terms back as text, e.g. ['metrics.accuracy DESC']. */
export function formatOrderBy(terms: readonly OrderByTerm[]): string[] {
  return terms.map((term) => `${describeField(term.field)} ${term.direction.toUpperCase()}`);
}

/** A number as JavaScript writes it (it re-parses exactly), or a single-quoted string. */
export function formatLiteral(value: number | string): string {
  if (typeof value === 'number') return String(value);
  const escaped = value.replace(/[\\']/g, (char) => `\\${char}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `'${escaped}'`;
}
