import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { FilterField } from '../spec/v1/filter-field.js';

/** A copy of the expression without source spans: two parses of equal meaning compare equal. */
export function stripSpans(expression: FilterExpression): FilterExpression {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return { kind: expression.kind, operands: expression.operands.map(stripSpans) };
    case 'comparison':
      return { kind: 'comparison', field: stripFieldSpan(expression.field), operator: expression.operator, value: expression.value };
    case 'like':
      return { kind: 'like', field: stripFieldSpan(expression.field), caseInsensitive: expression.caseInsensitive, pattern: expression.pattern };
    case 'in':
      return { kind: 'in', field: stripFieldSpan(expression.field), negated: expression.negated, values: [...expression.values] };
    case 'null-check':
      return { kind: 'null-check', field: stripFieldSpan(expression.field), negated: expression.negated };
  }
}

/** A copy of the field without its span. */
export function stripFieldSpan(field: FilterField): FilterField {
  const { span: _span, ...rest } = field;
  return rest as FilterField;
}
