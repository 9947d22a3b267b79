import { describe, expect, it } from 'vitest';
import { MLOpsError } from '../errors.js';
import { formatOrderBy } from './filter-format.js';
import { parseOrderBy } from './order-by-parser.js';

describe('parseOrderBy', () => {
  it('reads fields with an optional direction, ascending by default', () => {
    expect(parseOrderBy(['metrics.accuracy DESC', 'attributes.start_time', 'params.`lr decay` asc'])).toEqual([
      { field: { kind: 'metric', key: 'accuracy' }, direction: 'desc' },
      { field: { kind: 'attribute', name: 'start_time' }, direction: 'asc' },
      { field: { kind: 'param', key: 'lr decay' }, direction: 'asc' },
    ]);
    expect(parseOrderBy('tags.team desc')).toEqual([{ field: { kind: 'tag', key: 'team' }, direction: 'desc' }]);
  });

  it('defaults to newest first', () => {
    expect(formatOrderBy(parseOrderBy(undefined))).toEqual(['attributes.start_time DESC']);
    expect(formatOrderBy(parseOrderBy([], 'experiments'))).toEqual(['attributes.created_at DESC']);
  });

  it('rejects unknown fields, extra words and non-strings with the term and position', () => {
    const failures: [unknown, string][] = [
      [['metrics.a DESC x'], "Expected ASC, DESC or the end of the term at position 16 of orderBy[0], found 'x'"],
      [['attributes.start_time', 'accuracy'], "'accuracy' is not a field at position 1 of orderBy[1]"],
      [[''], 'Expected a field at position 1 of orderBy[0]'],
      [[42], 'orderBy[0] 42 is not a string'],
      [['metrics.a DESC, metrics.b'], "found ','"],
      [Array.from({ length: 21 }, () => 'metrics.a'), 'Use at most 20'],
    ];
    for (const [terms, message] of failures) {
      let caught: unknown;
      try {
        parseOrderBy(terms as string[]);
      } catch (error) {
        caught = error;
      }
      expect(MLOpsError.hasCode(caught, 'INVALID_ARGUMENT')).toBe(true);
      expect((caught as Error).message).toContain(message);
    }
  });
});
