import { FilterSyntaxError, quoteFound } from './filter-syntax-error.js';

/** A lexical token of the filter language, with its 0-based source range. */
export type FilterToken =
  | { type: 'word'; text: string; start: number; end: number }
  | { type: 'field'; prefix: string; key: string; prefixEnd: number; start: number; end: number }
  | { type: 'number'; value: number; text: string; start: number; end: number }
  | { type: 'string'; value: string; text: string; start: number; end: number }
  | { type: 'symbol'; text: '(' | ')' | ',' | '=' | '!=' | '<' | '<=' | '>' | '>='; start: number; end: number }
  | { type: 'end'; text: ''; start: number; end: number };

const wordStart = /[A-Za-z_]/;
const wordPart = /[A-Za-z0-9_]/;
// Characters of a key written without quotes: letters, digits and _ . - / : (so
// `metrics.val.loss` and `metrics.train/loss` need no quotes).
const bareKeyPart = /[\p{L}\p{N}_.\-/:]/u;
const digit = /[0-9]/;
const numberPattern = /-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;

/** Where a text comes from, for error messages: 'the filter' or 'order-by term 2'. */
export interface TokenizeOptions {
  /** Names the text in messages, e.g. 'the filter'. */
  source: string;
}

/**
 * Splits filter text into tokens. Throws `FilterSyntaxError` (INVALID_ARGUMENT) for an
 * unterminated string, a stray character or a number out of the float64 range.
 */
export function tokenizeFilter(text: string, options: TokenizeOptions): FilterToken[] {
  const tokens: FilterToken[] = [];
  const fail = (offset: number, problem: string, found?: string, hint = ''): never => {
    const foundText = found === undefined ? '' : `, found ${found}`;
    throw new FilterSyntaxError(offset, `${problem} at position ${offset + 1} of ${options.source}${foundText}.${hint ? ` ${hint}` : ''}`);
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const start = index;
    if (wordStart.test(char)) {
      while (index < text.length && wordPart.test(text[index]!)) index++;
      const word = text.slice(start, index);
      if (text[index] !== '.') {
        tokens.push({ type: 'word', text: word, start, end: index });
        continue;
      }
      const prefixEnd = index;
      index++;
      const quote = text[index];
      let key: string;
      if (quote === '`' || quote === '"') {
        const read = readQuoted(text, index, quote);
        if (!read) fail(start, `Unterminated quoted key`, undefined, `Add the closing ${quote}.`);
        key = read!.value;
        index = read!.end;
      } else {
        const keyStart = index;
        while (index < text.length && bareKeyPart.test(codePointAt(text, index))) index += codePointAt(text, index).length;
        key = text.slice(keyStart, index);
        if (key.length === 0) {
          const found = index < text.length ? quoteFound(codePointAt(text, index)) : `the end of ${options.source}`;
          fail(index, `Expected a key after '${word}.'`, found, `Quote unusual keys with backquotes, e.g. ${word}.\`f1 score\`.`);
        }
      }
      tokens.push({ type: 'field', prefix: word, key, prefixEnd, start, end: index });
      continue;
    }
    if (digit.test(char) || ((char === '-' || char === '.') && /[0-9.]/.test(text[index + 1] ?? ''))) {
      numberPattern.lastIndex = index;
      const match = numberPattern.exec(text);
      if (!match || match[0] === '-' || match[0] === '.' || match[0] === '-.') fail(index, `Expected a number`, quoteFound(text.slice(index, index + 2)), 'Write numbers such as 0.9, -2 or 1e-3.');
      index += match![0].length;
      if (index < text.length && /[\p{L}\p{N}_.]/u.test(text[index]!)) {
        fail(start, `Expected a number`, quoteFound(text.slice(start, index + 1)), 'Write numbers such as 0.9, -2 or 1e-3, and quote strings.');
      }
      const value = Number(match![0]);
      if (!Number.isFinite(value)) fail(start, `The number ${quoteFound(match![0])} is outside the range of a 64-bit float`, undefined, 'Use a number below 1.8e308 in magnitude.');
      tokens.push({ type: 'number', value: Object.is(value, -0) ? 0 : value, text: match![0], start, end: index });
      continue;
    }
    if (char === "'" || char === '"') {
      const read = readQuoted(text, index, char);
      if (!read) fail(start, `Unterminated string`, undefined, `Add the closing ${char}.`);
      index = read!.end;
      tokens.push({ type: 'string', value: read!.value, text: text.slice(start, index), start, end: index });
      continue;
    }
    const two = text.slice(index, index + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '<>') {
      tokens.push({ type: 'symbol', text: two === '<>' ? '!=' : two, start, end: index + 2 });
      index += 2;
      continue;
    }
    if (two === '==') {
      tokens.push({ type: 'symbol', text: '=', start, end: index + 2 });
      index += 2;
      continue;
    }
    if (char === '(' || char === ')' || char === ',' || char === '=' || char === '<' || char === '>') {
      tokens.push({ type: 'symbol', text: char, start, end: index + 1 });
      index++;
      continue;
    }
    const found = codePointAt(text, index);
    const hint = char === '`' ? ' Backquotes quote a key after its prefix, e.g. metrics.`f1 score`.' : '';
    throw new FilterSyntaxError(
      index,
      `Unexpected character ${quoteFound(found)} at position ${index + 1} of ${options.source}.${hint || ' Write e.g. metrics.accuracy > 0.9.'}`,
    );
  }
  tokens.push({ type: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/**
 * Reads a quoted string or key starting at the opening quote. A backslash before the
 * quote character or another backslash yields that character; \n, \r and \t yield
 * control characters; before anything else the backslash is kept (so a LIKE pattern's
 * `\%` survives). Returns null when the closing quote is missing.
 */
function readQuoted(text: string, open: number, quote: string): { value: string; end: number } | null {
  let value = '';
  let index = open + 1;
  while (index < text.length) {
    const char = text[index]!;
    if (char === quote) return { value, end: index + 1 };
    if (char === '\\' && index + 1 < text.length) {
      const next = text[index + 1]!;
      if (next === quote || next === '\\' || next === "'" || next === '"' || next === '`') value += next;
      else if (next === 'n') value += '\n';
      else if (next === 'r') value += '\r';
      else if (next === 't') value += '\t';
      else value += `\\${next}`;
      index += 2;
      continue;
    }
    value += char;
    index++;
  }
  return null;
}

function codePointAt(text: string, index: number): string {
  return String.fromCodePoint(text.codePointAt(index)!);
}
