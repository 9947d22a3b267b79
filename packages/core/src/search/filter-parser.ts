import { MLOpsError } from '../errors.js';
import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { FilterField } from '../spec/v1/filter-field.js';
import {
  allowsFieldKind,
  attributesOf,
  describeField,
  fieldKindOfPrefix,
  resolveAttributeName,
  valueTypeOf,
  type AttributeSpec,
  type SearchTarget,
} from './filter-fields.js';
import { FilterSyntaxError, quoteFound } from './filter-syntax-error.js';
import { tokenizeFilter, type FilterToken } from './filter-tokenizer.js';
import { findInvalidLikeEscape } from './like-pattern.js';
import { searchLimits } from './search-limits.js';

/** Options of `parseFilter`. */
export interface ParseFilterOptions {
  /** Which fields exist: those of runs (default) or of experiments. */
  target?: SearchTarget;
}

const keywords = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'like', 'ilike', 'asc', 'desc']);

/**
 * Parses a search filter such as `metrics.accuracy > 0.9 and params.lr = '0.01'` into a
 * typed, checked expression tree (see `FilterExpression`).
 *
 * Grammar: `expr := term (OR term)*`, `term := primary (AND primary)*`,
 * `primary := '(' expr ')' | field predicate`; keywords are case-insensitive and `and`
 * binds tighter than `or`. Fields are `metrics.<key>`, `params.<key>`, `tags.<key>` and
 * `attributes.<name>` (keys with unusual characters in backquotes or double quotes).
 *
 * @throws MLOpsError INVALID_ARGUMENT (a `FilterSyntaxError`) naming the position, what
 *   was expected and an example; also for a wrongly typed value, a filter longer than
 *   10,000 characters, parentheses nested deeper than 100 or more than 1,000 keys and
 *   values in total.
 * @example
 * parseFilter("metrics.accuracy > 0.9 and (tags.team = 'vision' or params.`lr.decay` IN ('0.1', '0.5'))");
 */
export function parseFilter(text: string, options: ParseFilterOptions = {}): FilterExpression {
  if (typeof text !== 'string') {
    throw new MLOpsError('INVALID_ARGUMENT', `The filter ${String(text)} is not a string. Pass text such as "metrics.accuracy > 0.9".`);
  }
  if (text.length > searchLimits.filterLength) {
    throw new FilterSyntaxError(
      searchLimits.filterLength,
      `The filter is ${text.length} characters long. Keep it under ${searchLimits.filterLength} characters, e.g. by using IN (…) instead of many = conditions.`,
    );
  }
  const parser = new FilterParser(tokenizeFilter(text, { source: 'the filter' }), options.target ?? 'runs', 'the filter');
  return parser.parseWhole();
}

/** Parses a field reference token (shared with the order-by parser). */
export class FieldReader {
  constructor(
    private readonly target: SearchTarget,
    private readonly source: string,
  ) {}

  /** Reads the field a 'field' or 'word' token names, or throws with a helpful message. */
  readField(token: FilterToken): FilterField {
    const span = { start: token.start, end: token.end };
    if (token.type === 'word' && !keywords.has(token.text.toLowerCase())) {
      const name = resolveAttributeName(this.target, token.text);
      if (name !== undefined) return { kind: 'attribute', name, span };
      const examples = this.target === 'runs' ? `metrics.${token.text}, params.${token.text} or tags.${token.text}` : `tags.${token.text}`;
      this.fail(token.start, `${quoteFound(token.text)} is not a field`, undefined, `Write ${examples}, or an attribute: ${this.attributeList()}.`);
    }
    if (token.type !== 'field') {
      this.fail(token.start, 'Expected a field', describeToken(token, this.source), `Write e.g. ${this.exampleFilter()}.`);
    }
    const field = token as Extract<FilterToken, { type: 'field' }>;
    const kind = fieldKindOfPrefix(field.prefix);
    if (kind === undefined || !allowsFieldKind(this.target, kind)) {
      const prefixes = this.target === 'runs' ? "'metrics.', 'params.', 'tags.' or 'attributes.'" : "'tags.' or 'attributes.'";
      this.fail(field.start, `Unknown field prefix ${quoteFound(field.prefix)}`, undefined, `Start a field with ${prefixes}, e.g. ${this.exampleFilter()}.`);
    }
    if (kind === 'attribute') {
      const name = resolveAttributeName(this.target, field.key);
      if (name === undefined) {
        this.fail(field.prefixEnd + 1, `${quoteFound(field.key)} is not an attribute of ${this.target}`, undefined, `Use one of: ${this.attributeList()}.`);
      }
      return { kind, name: name!, span };
    }
    if (field.key.length === 0 || field.key.length > searchLimits.keyLength) {
      this.fail(field.prefixEnd + 1, `The key of ${field.prefix} is ${field.key.length} characters long`, undefined, `Keys have 1 to ${searchLimits.keyLength} characters.`);
    }
    return { kind: kind!, key: field.key, span } as FilterField;
  }

  /** Throws a positioned INVALID_ARGUMENT. */
  fail(offset: number, problem: string, found?: string, hint?: string): never {
    const foundText = found === undefined ? '' : `, found ${found}`;
    throw new FilterSyntaxError(offset, `${problem} at position ${offset + 1} of ${this.source}${foundText}.${hint ? ` ${hint}` : ''}`);
  }

  private attributeList(): string {
    return Object.keys(attributesOf(this.target)).join(', ');
  }

  private exampleFilter(): string {
    return this.target === 'runs' ? 'metrics.accuracy > 0.9' : "tags.team = 'vision'";
  }
}

/** 'a status', 'an experiment lifecycle stage'. */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A description of a token for "found …" in messages. */
export function describeToken(token: FilterToken, source: string): string {
  if (token.type === 'end') return `the end of ${source}`;
  if (token.type === 'string') return token.text.length > 32 ? `${token.text.slice(0, 30)}…` : token.text;
  return quoteFound(token.type === 'field' ? `${token.prefix}.${token.key}` : token.text);
}

class FilterParser {
  private index = 0;
  private depth = 0;
  private boundValues = 0;
  private readonly fields: FieldReader;

  constructor(
    private readonly tokens: FilterToken[],
    private readonly target: SearchTarget,
    private readonly source: string,
  ) {
    this.fields = new FieldReader(target, source);
  }

  parseWhole(): FilterExpression {
    if (this.peek().type === 'end') {
      this.fields.fail(0, 'The filter is empty', undefined, 'Write a condition such as metrics.accuracy > 0.9, or leave the filter out.');
    }
    const expression = this.parseOr();
    const next = this.peek();
    if (next.type !== 'end') {
      const hint = next.type === 'symbol' && next.text === ')' ? 'Remove it, or add the matching ( before.' : `Join conditions with 'and' or 'or'.`;
      this.fields.fail(next.start, `Expected 'and', 'or' or the end of the filter`, describeToken(next, this.source), hint);
    }
    return expression;
  }

  private parseOr(): FilterExpression {
    const first = this.parseAnd();
    const operands = [first];
    while (this.isKeyword(this.peek(), 'or')) {
      this.index++;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? first : this.combine('or', operands);
  }

  private parseAnd(): FilterExpression {
    const first = this.parsePrimary();
    const operands = [first];
    while (this.isKeyword(this.peek(), 'and')) {
      this.index++;
      operands.push(this.parsePrimary());
    }
    return operands.length === 1 ? first : this.combine('and', operands);
  }

  private combine(kind: 'and' | 'or', operands: FilterExpression[]): FilterExpression {
    // Flatten (a and b) and c into one n-ary node: the tree stays shallow for compilers.
    const flat = operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
    return { kind, operands: flat, span: { start: operands[0]!.span!.start, end: operands.at(-1)!.span!.end } };
  }

  private parsePrimary(): FilterExpression {
    const token = this.peek();
    if (token.type === 'symbol' && token.text === '(') {
      if (++this.depth > searchLimits.filterDepth) {
        this.fields.fail(token.start, `Parentheses nest deeper than ${searchLimits.filterDepth} levels`, undefined, 'Simplify the filter.');
      }
      this.index++;
      const inner = this.parseOr();
      const close = this.peek();
      if (close.type !== 'symbol' || close.text !== ')') {
        this.fields.fail(close.start, `Expected ')'`, describeToken(close, this.source), `Close the '(' at position ${token.start + 1}, or join conditions with 'and' or 'or'.`);
      }
      this.index++;
      this.depth--;
      // Widen the span to the parentheses, so error positions and slices include them.
      return { ...inner, span: { start: token.start, end: close.end } };
    }
    return this.parsePredicate();
  }

  private parsePredicate(): FilterExpression {
    const fieldToken = this.next();
    const field = this.fields.readField(fieldToken);
    if (field.kind !== 'attribute') this.countBoundValue(fieldToken);
    const type = valueTypeOf(this.target, field);
    const name = describeField(field);
    const operator = this.next();
    const start = fieldToken.start;

    if (operator.type === 'symbol' && ['=', '!=', '<', '<=', '>', '>='].includes(operator.text)) {
      const op = operator.text as '=' | '!=' | '<' | '<=' | '>' | '>=';
      if (type !== 'number' && op !== '=' && op !== '!=') {
        this.fields.fail(operator.start, `${name} is text and cannot be compared with '${op}'`, undefined, `Use =, !=, LIKE, ILIKE or IN, e.g. ${name} = 'x'.`);
      }
      const value = this.readValue(field, type);
      return { kind: 'comparison', field, operator: op, value, span: { start, end: this.previous().end } };
    }
    if (this.isKeyword(operator, 'like') || this.isKeyword(operator, 'ilike')) {
      const caseInsensitive = this.isKeyword(operator, 'ilike');
      const keyword = caseInsensitive ? 'ILIKE' : 'LIKE';
      if (type !== 'string') {
        const values = this.enumValuesOf(field);
        const hint = type === 'enum' ? `Use = or IN, e.g. ${name} IN (${values.slice(-2).map((value) => `'${value}'`).join(', ')}).` : `Use =, !=, <, <=, > or >=, e.g. ${name} > 0.9.`;
        this.fields.fail(operator.start, `${name} is ${type === 'enum' ? withArticle(this.attributeOf(field)!.valueNoun) : 'a number'} and cannot be matched with ${keyword}`, undefined, hint);
      }
      const pattern = this.next();
      if (pattern.type !== 'string') {
        this.fields.fail(pattern.start, `Expected a quoted pattern after ${keyword}`, describeToken(pattern, this.source), `Write e.g. ${name} ${keyword} 'abc%'.`);
      }
      this.countBoundValue(pattern);
      const text = (pattern as { value: string }).value;
      if (findInvalidLikeEscape(text) !== -1) {
        this.fields.fail(
          pattern.start,
          `The ${keyword} pattern has a backslash that is not followed by %, _ or another backslash`,
          undefined,
          String.raw`In a pattern \% matches a literal %, \_ a literal _, and \\ one backslash.`,
        );
      }
      return { kind: 'like', field, caseInsensitive, pattern: text, span: { start, end: pattern.end } };
    }
    const isNegatedIn = this.isKeyword(operator, 'not') && this.isKeyword(this.peek(), 'in');
    if (isNegatedIn || this.isKeyword(operator, 'in')) {
      if (isNegatedIn) this.index++;
      const values = this.readList(field, type);
      return { kind: 'in', field, negated: isNegatedIn, values, span: { start, end: this.previous().end } };
    }
    if (this.isKeyword(operator, 'is')) {
      const negated = this.isKeyword(this.peek(), 'not');
      if (negated) this.index++;
      const nullToken = this.next();
      if (!this.isKeyword(nullToken, 'null')) {
        this.fields.fail(nullToken.start, `Expected NULL after IS${negated ? ' NOT' : ''}`, describeToken(nullToken, this.source), `Write ${name} IS NULL or ${name} IS NOT NULL.`);
      }
      return { kind: 'null-check', field, negated, span: { start, end: nullToken.end } };
    }
    if (this.isKeyword(operator, 'not')) {
      const after = this.peek();
      this.fields.fail(after.start, 'Expected IN after NOT', describeToken(after, this.source), `NOT only forms NOT IN, e.g. ${name} NOT IN (…); for text use != or LIKE.`);
    }
    const example = type === 'number' ? `${name} > 0.9` : type === 'enum' ? `${name} = '${this.exampleValueOf(field)}'` : `${name} = 'x'`;
    return this.fields.fail(
      operator.start,
      `Expected a comparator such as '=' or '>'`,
      describeToken(operator, this.source),
      `Write e.g. ${example}.`,
    );
  }

  private readList(field: FilterField, type: ReturnType<typeof valueTypeOf>): (number | string)[] {
    const open = this.next();
    if (open.type !== 'symbol' || open.text !== '(') {
      this.fields.fail(open.start, `Expected '(' after IN`, describeToken(open, this.source), `Write e.g. ${describeField(field)} IN (${type === 'number' ? '1, 2' : "'a', 'b'"}).`);
    }
    const values = [this.readValue(field, type)];
    for (;;) {
      const token = this.next();
      if (token.type === 'symbol' && token.text === ')') return values;
      if (token.type !== 'symbol' || token.text !== ',') {
        this.fields.fail(token.start, `Expected ',' or ')' in the IN list`, describeToken(token, this.source), 'Separate values with commas and close the list with ).');
      }
      values.push(this.readValue(field, type));
    }
  }

  private readValue(field: FilterField, type: ReturnType<typeof valueTypeOf>): number | string {
    const token = this.next();
    const name = describeField(field);
    if (type === 'number') {
      if (token.type !== 'number') {
        const found = describeToken(token, this.source);
        const hint = token.type === 'string' ? `${name} is a number: compare it with a number, e.g. ${name} > 0.9 (no quotes).` : `Write e.g. ${name} > 0.9.`;
        this.fields.fail(token.start, 'Expected a number', found, hint);
      }
      this.countBoundValue(token);
      return (token as { value: number }).value;
    }
    if (token.type !== 'string') {
      const found = describeToken(token, this.source);
      const example = type === 'enum' ? `${name} = '${this.exampleValueOf(field)}'` : `${name} = '${token.type === 'number' ? token.text : 'x'}'`;
      const hint = token.type === 'number' ? `${name} is text: quote the value, e.g. ${example}.` : `Write e.g. ${example}.`;
      this.fields.fail(token.start, 'Expected a quoted string', found, hint);
    }
    this.countBoundValue(token);
    const value = (token as { value: string }).value;
    if (type === 'enum') {
      // Enum values are lower-case words; match them case-insensitively, as keywords.
      const lower = value.toLowerCase();
      const attribute = this.attributeOf(field)!;
      if (!attribute.values!.includes(lower)) {
        this.fields.fail(token.start, `${quoteFound(value)} is not ${withArticle(attribute.entityValueNoun)}`, undefined, `Use one of: ${attribute.values!.join(', ')}.`);
      }
      return lower;
    }
    return value;
  }

  /** The search table entry of an attribute field; undefined for metrics, params and tags. */
  private attributeOf(field: FilterField): AttributeSpec | undefined {
    return field.kind === 'attribute' ? attributesOf(this.target)[field.name] : undefined;
  }

  private enumValuesOf(field: FilterField): readonly string[] {
    return this.attributeOf(field)?.values ?? [];
  }

  /** A value to show in an example: the second of the enum (the first is often the initial state, e.g. 'running'). */
  private exampleValueOf(field: FilterField): string {
    const values = this.enumValuesOf(field);
    return values[1] ?? values[0] ?? 'x';
  }

  private countBoundValue(token: FilterToken): void {
    if (++this.boundValues > searchLimits.filterBoundValues) {
      this.fields.fail(token.start, `The filter holds more than ${searchLimits.filterBoundValues} keys and values`, undefined, 'Split the search into several smaller ones.');
    }
  }

  private isKeyword(token: FilterToken, keyword: string): boolean {
    return token.type === 'word' && token.text.toLowerCase() === keyword;
  }

  private peek(): FilterToken {
    return this.tokens[this.index]!;
  }

  private next(): FilterToken {
    const token = this.tokens[this.index]!;
    if (token.type !== 'end') this.index++;
    return token;
  }

  private previous(): FilterToken {
    return this.tokens[this.index - 1]!;
  }
}
