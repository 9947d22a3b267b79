import { describe, expect, it } from 'vitest';
import { MLOpsError } from '../errors.js';
import type { FilterExpression } from '../spec/v1/filter-expression.js';
import { parseFilter } from './filter-parser.js';
import { FilterSyntaxError } from './filter-syntax-error.js';
import { stripSpans } from './strip-spans.js';

const parse = (text: string, target?: 'runs' | 'experiments'): FilterExpression => stripSpans(parseFilter(text, { target }));

function parseError(text: string, target?: 'runs' | 'experiments'): FilterSyntaxError {
  try {
    parseFilter(text, { target });
  } catch (error) {
    expect(MLOpsError.hasCode(error, 'INVALID_ARGUMENT')).toBe(true);
    return error as FilterSyntaxError;
  }
  throw new Error(`parseFilter accepted ${JSON.stringify(text)}`);
}

describe('parseFilter', () => {
  it('parses a comparison into a typed node with source spans', () => {
    expect(parseFilter('metrics.accuracy > 0.9')).toEqual({
      kind: 'comparison',
      field: { kind: 'metric', key: 'accuracy', span: { start: 0, end: 16 } },
      operator: '>',
      value: 0.9,
      span: { start: 0, end: 22 },
    });
  });

  it('binds and tighter than or, and parentheses override it', () => {
    const a = { kind: 'comparison', field: { kind: 'metric', key: 'a' }, operator: '=', value: 1 };
    const b = { kind: 'comparison', field: { kind: 'metric', key: 'b' }, operator: '=', value: 2 };
    const c = { kind: 'comparison', field: { kind: 'metric', key: 'c' }, operator: '=', value: 3 };
    expect(parse('metrics.a = 1 or metrics.b = 2 and metrics.c = 3')).toEqual({ kind: 'or', operands: [a, { kind: 'and', operands: [b, c] }] });
    expect(parse('(metrics.a = 1 OR metrics.b = 2) AND metrics.c = 3')).toEqual({ kind: 'and', operands: [{ kind: 'or', operands: [a, b] }, c] });
  });

  it('flattens chains and redundant parentheses into one n-ary node', () => {
    const ast = parse('metrics.a = 1 and (metrics.b = 2 and (metrics.c = 3)) And ((metrics.d = 4))');
    expect(ast.kind).toBe('and');
    expect((ast as { operands: unknown[] }).operands).toHaveLength(4);
  });

  it('reads every comparator, LIKE, ILIKE, IN, NOT IN, IS NULL and IS NOT NULL, keywords in any case', () => {
    for (const operator of ['=', '!=', '<', '<=', '>', '>='] as const) {
      expect(parse(`metrics.loss ${operator} 1`)).toMatchObject({ kind: 'comparison', operator });
    }
    expect(parse('metrics.loss <> 1')).toMatchObject({ operator: '!=' });
    expect(parse("params.model like 'res%'")).toEqual({ kind: 'like', field: { kind: 'param', key: 'model' }, caseInsensitive: false, pattern: 'res%' });
    expect(parse("tags.team ILike '%VISION%'")).toMatchObject({ kind: 'like', caseInsensitive: true, pattern: '%VISION%' });
    expect(parse("params.opt in ('adam', 'sgd')")).toEqual({ kind: 'in', field: { kind: 'param', key: 'opt' }, negated: false, values: ['adam', 'sgd'] });
    expect(parse('metrics.epoch NOT IN (1, 2.5, -3)')).toMatchObject({ kind: 'in', negated: true, values: [1, 2.5, -3] });
    expect(parse('tags.note is null')).toEqual({ kind: 'null-check', field: { kind: 'tag', key: 'note' }, negated: false });
    expect(parse('metrics.loss IS NOT NULL')).toMatchObject({ kind: 'null-check', negated: true });
  });

  it('reads quoted keys with unusual characters and escapes in strings', () => {
    expect(parse('metrics.`f1 score` > 0.5')).toMatchObject({ field: { kind: 'metric', key: 'f1 score' } });
    expect(parse('params."lr.decay" = \'0.1\'')).toMatchObject({ field: { kind: 'param', key: 'lr.decay' } });
    expect(parse('metrics.val.loss < 1 and metrics.train/loss < 2')).toMatchObject({
      operands: [{ field: { key: 'val.loss' } }, { field: { key: 'train/loss' } }],
    });
    expect(parse('tags.`it\\`s` = "say \\"hi\\""')).toMatchObject({ field: { key: 'it`s' }, value: 'say "hi"' });
    expect(parse("tags.x = 'it\\'s\\n\\\\'")).toMatchObject({ value: "it's\n\\" });
    expect(parse("tags.émoji = '🚀 ünïcode'")).toMatchObject({ field: { key: 'émoji' }, value: '🚀 ünïcode' });
  });

  it('reads negative numbers, exponents and leading-dot decimals; -0 becomes 0', () => {
    expect(parse('metrics.a > -1.5e-3')).toMatchObject({ value: -0.0015 });
    expect(parse('metrics.a > .5')).toMatchObject({ value: 0.5 });
    expect(parse('metrics.a > 1E6')).toMatchObject({ value: 1_000_000 });
    expect(Object.is((parse('metrics.a = -0') as { value: number }).value, 0)).toBe(true);
  });

  it('accepts prefix aliases, bare attribute names, and normalizes statuses to lower case', () => {
    expect(parse('metric.a = 1')).toMatchObject({ field: { kind: 'metric', key: 'a' } });
    expect(parse("param.a = '1'")).toMatchObject({ field: { kind: 'param', key: 'a' } });
    expect(parse("tag.a = '1'")).toMatchObject({ field: { kind: 'tag', key: 'a' } });
    expect(parse("run.status = 'FINISHED'")).toMatchObject({ field: { kind: 'attribute', name: 'status' }, value: 'finished' });
    expect(parse("status IN ('Failed', 'KILLED')")).toMatchObject({ values: ['failed', 'killed'] });
    expect(parse("attributes.run_name LIKE 'base%'")).toMatchObject({ field: { kind: 'attribute', name: 'name' } });
    expect(parse('attributes.training_time >= 1000')).toMatchObject({ field: { name: 'training_time' } });
  });

  it('parses experiment filters on name, description, created_at and tags', () => {
    expect(parse("name LIKE 'iris%' and tags.team = 'a'", 'experiments')).toMatchObject({ kind: 'and' });
    expect(parse('attributes.created_at > 5', 'experiments')).toMatchObject({ field: { name: 'created_at' } });
    expect(parseError('metrics.a > 1', 'experiments').message).toContain("Unknown field prefix 'metrics'");
    expect(parseError("attributes.status = 'failed'", 'experiments').message).toContain("'status' is not an attribute of experiments");
  });

  const errors: [string, number, string][] = [
    ['metrics.accuracy accuracy', 17, "Expected a comparator such as '=' or '>' at position 18 of the filter, found 'accuracy'. Write e.g. metrics.accuracy > 0.9."],
    ['accuracy > 0.9', 0, "'accuracy' is not a field at position 1"],
    ["metrics.accuracy > '0.9'", 19, 'metrics.accuracy is a number: compare it with a number'],
    ['params.lr = 0.01', 12, "params.lr is text: quote the value, e.g. params.lr = '0.01'."],
    ["params.lr > '0.01'", 10, "params.lr is text and cannot be compared with '>'"],
    ['metrics.a LIKE 1', 10, 'metrics.a is a number and cannot be matched with LIKE'],
    ["attributes.status LIKE 'f%'", 18, 'attributes.status is a status and cannot be matched with LIKE'],
    ["attributes.status = 'done'", 20, "'done' is not a run status"],
    ['attributes.colour = 1', 11, "'colour' is not an attribute of runs"],
    ['metricz.a = 1', 0, "Unknown field prefix 'metricz'"],
    ['metrics. = 1', 8, "Expected a key after 'metrics.'"],
    ['metrics.a > 1 and', 17, 'Expected a field at position 18 of the filter, found the end of the filter.'],
    ['metrics.a > 1 metrics.b > 2', 14, "Expected 'and', 'or' or the end of the filter at position 15"],
    ['(metrics.a > 1', 14, "Expected ')' at position 15 of the filter, found the end of the filter. Close the '(' at position 1"],
    ['metrics.a > 1)', 13, "Expected 'and', 'or' or the end of the filter at position 14 of the filter, found ')'. Remove it"],
    ["tags.a = 'open", 9, 'Unterminated string at position 10'],
    ['metrics.`open = 1', 0, 'Unterminated quoted key'],
    ['metrics.a > 1e999', 12, "The number '1e999' is outside the range of a 64-bit float"],
    ['metrics.a > 12abc', 12, 'Expected a number at position 13'],
    ['metrics.a IN ()', 14, 'Expected a number'],
    ["params.a IN ('x' 'y')", 17, "Expected ',' or ')' in the IN list"],
    ['metrics.a IN 1', 13, "Expected '(' after IN"],
    ['metrics.a IS 1', 13, 'Expected NULL after IS'],
    ["params.a NOT LIKE 'x%'", 13, "Expected IN after NOT at position 14 of the filter, found 'LIKE'"],
    ['metrics.a IS NOT', 16, 'Expected NULL after IS NOT'],
    ["tags.a LIKE 'C:\\path'", 12, 'backslash that is not followed by %, _ or another backslash'],
    ['metrics.a ; drop table runs', 10, "Unexpected character ';' at position 11"],
    ['', 0, 'The filter is empty'],
    ['   ', 0, 'The filter is empty'],
    ['metrics.a > 1 and and metrics.b > 1', 18, 'Expected a field'],
  ];
  it.each(errors)('rejects %j at offset %i with a message naming the position and a fix', (text, offset, message) => {
    const error = parseError(text);
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(message);
  });

  it('rejects a filter over 10,000 characters, nesting over 100 and more than 1,000 keys and values', () => {
    expect(parseError(`metrics.a > ${'1'.repeat(10_000)}`).message).toContain('Keep it under 10000 characters');
    expect(parse(`${'('.repeat(100)}metrics.a > 1${')'.repeat(100)}`)).toMatchObject({ kind: 'comparison' });
    const deep = parseError(`${'('.repeat(101)}metrics.a > 1${')'.repeat(101)}`);
    expect(deep.offset).toBe(100);
    expect(deep.message).toContain('Parentheses nest deeper than 100 levels');
    expect(parse(`metrics.a IN (${Array.from({ length: 999 }, (_, index) => index).join(',')})`)).toMatchObject({ kind: 'in' });
    expect(parseError(`metrics.a IN (${Array.from({ length: 1000 }, (_, index) => index).join(',')})`).message).toContain('more than 1000 keys and values');
  });

  it('parses 400 conditions joined by and into one flat node', () => {
    const text = Array.from({ length: 400 }, (_, index) => `metrics.m${index} > ${index}`).join(' and ');
    const ast = parse(text);
    expect(ast).toMatchObject({ kind: 'and' });
    expect((ast as { operands: unknown[] }).operands).toHaveLength(400);
  });

  it('rejects a value that is not a string', () => {
    expect(() => parseFilter(42 as unknown as string)).toThrow(/is not a string/);
  });
});
