import type { FilterExpression } from '../spec/v1/filter-expression.js';
import { matchesLikePattern } from './like-pattern.js';
import type { FieldValueReader } from './search-ordering.js';

/**
 * True when the entity matches the expression: the reference semantics every store
 * reproduces. A missing key or null attribute matches only IS NULL; a NaN metric is
 * present but matches no comparison (`!=` and NOT IN included).
 */
export function matchesFilter<Entity>(expression: FilterExpression, entity: Entity, read: FieldValueReader<Entity>): boolean {
  switch (expression.kind) {
    case 'and':
      return expression.operands.every((operand) => matchesFilter(operand, entity, read));
    case 'or':
      return expression.operands.some((operand) => matchesFilter(operand, entity, read));
    case 'null-check': {
      const isPresent = read(entity, expression.field) !== null;
      return expression.negated ? isPresent : !isPresent;
    }
    case 'comparison': {
      const value = read(entity, expression.field);
      if (!isComparable(value) || typeof value !== typeof expression.value) return false;
      switch (expression.operator) {
        case '=':
          return value === expression.value;
        case '!=':
          return value !== expression.value;
        case '<':
          return value! < expression.value;
        case '<=':
          return value! <= expression.value;
        case '>':
          return value! > expression.value;
        case '>=':
          return value! >= expression.value;
      }
      return false;
    }
    case 'like': {
      const value = read(entity, expression.field);
      return typeof value === 'string' && matchesLikePattern(value, expression.pattern, expression.caseInsensitive);
    }
    case 'in': {
      const value = read(entity, expression.field);
      if (!isComparable(value)) return false;
      const isListed = expression.values.some((candidate) => candidate === value);
      return expression.negated ? !isListed : isListed;
    }
  }
}

/** False for missing, null and NaN: values no comparison matches. */
function isComparable(value: number | string | null): boolean {
  return value !== null && !(typeof value === 'number' && Number.isNaN(value));
}
