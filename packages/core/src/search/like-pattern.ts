/**
 * SQL LIKE matching with `%` (any run of characters), `_` (one code point) and `\` as the
 * escape character, over the whole value. Runs in O(value × pattern) time at worst, with
 * no regular expression, so a hostile pattern such as '%a%a%a%a%b' cannot backtrack
 * exponentially.
 */
export function matchesLikePattern(value: string, pattern: string, isCaseInsensitive: boolean): boolean {
  const text = Array.from(isCaseInsensitive ? value.toLowerCase() : value);
  const parts = compilePattern(isCaseInsensitive ? pattern.toLowerCase() : pattern);
  let textIndex = 0;
  let partIndex = 0;
  let starPart = -1;
  let starText = 0;
  while (textIndex < text.length) {
    const part = parts[partIndex];
    if (part !== undefined && part.kind !== 'any-run' && (part.kind === 'any-one' || part.char === text[textIndex])) {
      textIndex++;
      partIndex++;
    } else if (part !== undefined && part.kind === 'any-run') {
      starPart = partIndex++;
      starText = textIndex;
    } else if (starPart !== -1) {
      partIndex = starPart + 1;
      textIndex = ++starText;
    } else {
      return false;
    }
  }
  while (parts[partIndex]?.kind === 'any-run') partIndex++;
  return partIndex === parts.length;
}

type PatternPart = { kind: 'literal'; char: string } | { kind: 'any-one' } | { kind: 'any-run' };

function compilePattern(pattern: string): PatternPart[] {
  const chars = Array.from(pattern);
  const parts: PatternPart[] = [];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (char === '\\' && index + 1 < chars.length) parts.push({ kind: 'literal', char: chars[++index]! });
    else if (char === '%') {
      if (parts.at(-1)?.kind !== 'any-run') parts.push({ kind: 'any-run' });
    } else if (char === '_') parts.push({ kind: 'any-one' });
    else parts.push({ kind: 'literal', char });
  }
  return parts;
}

/**
 * The offset (in UTF-16 units) of a backslash in a LIKE pattern that does not precede
 * `%`, `_` or another backslash, or -1. Such patterns are rejected: databases disagree on
 * what they mean.
 */
export function findInvalidLikeEscape(pattern: string): number {
  for (let index = 0; index < pattern.length; index++) {
    if (pattern[index] !== '\\') continue;
    const next = pattern[index + 1];
    if (next !== '%' && next !== '_' && next !== '\\') return index;
    index++;
  }
  return -1;
}
