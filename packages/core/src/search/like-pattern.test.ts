import { describe, expect, it } from 'vitest';
import { findInvalidLikeEscape, matchesLikePattern } from './like-pattern.js';

describe('matchesLikePattern', () => {
  const cases: [string, string, boolean, boolean][] = [
    ['resnet50', 'res%', false, true],
    ['resnet50', '%net%', false, true],
    ['resnet50', 'Res%', false, false],
    ['resnet50', 'Res%', true, true],
    ['resnet50', 'resnet5_', false, true],
    ['resnet50', 'resnet_', false, false],
    ['resnet50', '%', false, true],
    ['', '%', false, true],
    ['', '_', false, false],
    ['', '', false, true],
    ['a', '', false, false],
    ['50%', '50\\%', false, true],
    ['500', '50\\%', false, false],
    ['a_b', 'a\\_b', false, true],
    ['axb', 'a\\_b', false, false],
    ['a\\b', 'a\\\\b', false, true],
    ['🚀x', '_x', false, true],
    ['ÉCOLE', 'école', true, true],
    ['line1\nline2', 'line1%', false, true],
    ['aaa', '%a%a%a%', false, true],
    ['aa', '%a%a%a%', false, false],
  ];
  it.each(cases)('%j LIKE %j (case-insensitive: %s) is %s', (value, pattern, isCaseInsensitive, expected) => {
    expect(matchesLikePattern(value, pattern, isCaseInsensitive)).toBe(expected);
  });

  it('stays fast on a hostile pattern over a long value', () => {
    const started = performance.now();
    expect(matchesLikePattern('a'.repeat(8_000), `${'%a'.repeat(200)}%b`, false)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('finds a backslash that escapes nothing', () => {
    expect(findInvalidLikeEscape('a\\%b\\_c\\\\')).toBe(-1);
    expect(findInvalidLikeEscape('C:\\path')).toBe(2);
    expect(findInvalidLikeEscape('trailing\\')).toBe(8);
  });
});
