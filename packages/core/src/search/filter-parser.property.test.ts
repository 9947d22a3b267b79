import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runStatuses } from '../spec/v1/run.js';
import { MLOpsError } from '../errors.js';
import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { FilterField } from '../spec/v1/filter-field.js';
import { formatFilter } from './filter-format.js';
import { runAttributes } from './filter-fields.js';
import { parseFilter } from './filter-parser.js';
import { stripSpans } from './strip-spans.js';

/** Parses, and fails the property for anything but an AST or an INVALID_ARGUMENT. */
function parseOrInvalidArgument(text: string): FilterExpression | 'invalid' {
  try {
    const ast = parseFilter(text);
    expect(['and', 'or', 'comparison', 'like', 'in', 'null-check']).toContain(ast.kind);
    return ast;
  } catch (error) {
    if (MLOpsError.hasCode(error, 'INVALID_ARGUMENT') && error.message.length > 0) return 'invalid';
    throw error;
  }
}

const fragments = [
  'metrics.accuracy', 'params.lr', 'tags.team', 'attributes.status', 'status', 'metrics.`f1 score`', 'params."a.b"',
  '=', '!=', '<>', '<', '<=', '>', '>=', '==', 'LIKE', 'ilike', 'IN', 'NOT', 'not in', 'IS', 'NULL', 'AND', 'or', '(', ')', ',',
  "'", '"', '`', '\\', "'x'", '"y"', "'%_\\%'", '0.9', '-1', '1e308', '9e999', '-.5', '1e', '.', '..', '-', '0x10', 'NaN', 'Infinity',
  "'; DROP TABLE runs; --", "' OR '1'='1", '" OR 1=1 --', '/*', '*/', '--', ';', 'UNION SELECT * FROM params', '\u0000', '\n', '\t',
  '🚀', 'é', '\u202e', '\ud800', 'İ', 'ß', '𝔸', '  ', "'finished'", "'FAILED'", 'metrics.', 'metrics', 'attributes.nope',
];

// ---------------------------------------------------------------- generated ASTs

const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 });
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value));
const text = fc.string({ unit: 'binary', maxLength: 12 });
const likePattern = fc
  .array(fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }).filter((part) => !part.includes('\\')), fc.constantFrom('%', '_', '\\%', '\\_', '\\\\')), { maxLength: 6 })
  .map((parts) => parts.join(''));

const numberAttributes = Object.entries(runAttributes).filter(([, spec]) => spec.type === 'number').map(([name]) => name);
const stringAttributes = Object.entries(runAttributes).filter(([, spec]) => spec.type === 'string').map(([name]) => name);

const numberField: fc.Arbitrary<FilterField> = fc.oneof(
  key.map((k) => ({ kind: 'metric', key: k }) as FilterField),
  fc.constantFrom(...numberAttributes).map((name) => ({ kind: 'attribute', name }) as FilterField),
);
const stringField: fc.Arbitrary<FilterField> = fc.oneof(
  key.map((k) => ({ kind: 'param', key: k }) as FilterField),
  key.map((k) => ({ kind: 'tag', key: k }) as FilterField),
  fc.constantFrom(...stringAttributes).map((name) => ({ kind: 'attribute', name }) as FilterField),
);
const statusField = fc.constant<FilterField>({ kind: 'attribute', name: 'status' });
const status = fc.constantFrom(...runStatuses);

const nullCheck = (field: fc.Arbitrary<FilterField>): fc.Arbitrary<FilterExpression> =>
  fc.record({ kind: fc.constant('null-check' as const), field, negated: fc.boolean() });
const inList = (field: fc.Arbitrary<FilterField>, value: fc.Arbitrary<number | string>): fc.Arbitrary<FilterExpression> =>
  fc.record({ kind: fc.constant('in' as const), field, negated: fc.boolean(), values: fc.array(value, { minLength: 1, maxLength: 4 }) });

const leaf: fc.Arbitrary<FilterExpression> = fc.oneof(
  fc.record({ kind: fc.constant('comparison' as const), field: numberField, operator: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), value: number }),
  fc.record({ kind: fc.constant('comparison' as const), field: stringField, operator: fc.constantFrom('=', '!=' as const), value: text }),
  fc.record({ kind: fc.constant('comparison' as const), field: statusField, operator: fc.constantFrom('=', '!=' as const), value: status }),
  fc.record({ kind: fc.constant('like' as const), field: stringField, caseInsensitive: fc.boolean(), pattern: likePattern }),
  inList(numberField, number),
  inList(stringField, text),
  inList(statusField, status),
  nullCheck(fc.oneof(numberField, stringField, statusField)),
);

function junction(kind: 'and' | 'or', operands: FilterExpression[]): FilterExpression {
  return { kind, operands: operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand])) };
}

const { expression } = fc.letrec<{ expression: FilterExpression; and: FilterExpression; or: FilterExpression }>((tie) => ({
  expression: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('and'), tie('or')),
  and: fc.array(tie('expression'), { minLength: 2, maxLength: 4 }).map((operands) => junction('and', operands)),
  or: fc.array(tie('expression'), { minLength: 2, maxLength: 4 }).map((operands) => junction('or', operands)),
}));

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 30 }).chain((parts) =>
    fc.constantFrom(' ', '').map((separator) => parts.join(separator)),
  ),
  fc.tuple(fc.nat({ max: 3_000 }), fc.constantFrom('(', ')', '((metrics.a > 1', 'metrics.a > 1 and ')).map(([count, unit]) => unit.repeat(count)),
  fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }).map((value) => `metrics.a > ${value}`),
  fc.double().map((value) => `metrics.a >= ${value}`),
  // Valid filters with one edit: an insertion, a deletion or a replacement.
  fc.tuple(expression, fc.nat(), fc.nat({ max: 6 }), fc.constantFrom('', ...fragments)).map(([ast, at, length, insert]) => {
    const valid = formatFilter(ast);
    const position = at % (valid.length + 1);
    return valid.slice(0, position) + insert + valid.slice(position + length);
  }),
);


describe('parseFilter with random and hostile input', () => {
  it('only ever returns an AST or throws INVALID_ARGUMENT', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        parseOrInvalidArgument(text);
      }),
      { numRuns: 3_000 },
    );
  });

  it('survives nesting far beyond the limit without a stack overflow', () => {
    for (const depth of [101, 1_000, 4_990]) {
      expect(parseOrInvalidArgument(`${'('.repeat(depth)}metrics.a > 1${')'.repeat(depth)}`.slice(0, 10_000))).toBe('invalid');
    }
  });

  it('re-parses the text of every AST it returns to the same AST', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const ast = parseOrInvalidArgument(text);
        if (ast === 'invalid') return;
        expect(stripSpans(parseFilter(formatFilter(ast)))).toEqual(stripSpans(ast));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('formatFilter and parseFilter round trip', () => {
  it('parses the text of any well-formed AST back to the same AST', () => {
    fc.assert(
      fc.property(expression, (ast) => {
        const formatted = formatFilter(ast);
        expect(stripSpans(parseFilter(formatted))).toEqual(ast);
      }),
      { numRuns: 1_500 },
    );
  });

  it('gives spans that cover the source text of each comparison', () => {
    fc.assert(
      fc.property(expression, (ast) => {
        const formatted = formatFilter(ast);
        const parsed = parseFilter(formatted);
        const leaves: FilterExpression[] = [];
        const collect = (node: FilterExpression): void => {
          if (node.kind === 'and' || node.kind === 'or') node.operands.forEach(collect);
          else leaves.push(node);
        };
        collect(parsed);
        for (const node of leaves) {
          expect(stripSpans(parseFilter(formatted.slice(node.span!.start, node.span!.end)))).toEqual(stripSpans(node));
        }
      }),
      { numRuns: 300 },
    );
  });
});
