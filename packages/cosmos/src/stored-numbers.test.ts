import { describe, expect, it } from 'vitest';
import { decodeMetricValue, decodeNonFiniteNumbers, encodeMetricValue, encodeNonFiniteNumbers } from './stored-numbers.js';

describe('metric values', () => {
  it('stores finite numbers as numbers and NaN/±Infinity as strings, and reads them back', () => {
    for (const value of [0, 1.5, -2, Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2]) {
      expect(encodeMetricValue(value)).toBe(value);
      expect(decodeMetricValue(JSON.parse(JSON.stringify(encodeMetricValue(value))))).toBe(value);
    }
    expect(encodeMetricValue(Number.NaN)).toBe('NaN');
    expect(encodeMetricValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(encodeMetricValue(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(decodeMetricValue('NaN')).toBeNaN();
    expect(decodeMetricValue('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(decodeMetricValue('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('structured records', () => {
  it('survive JSON with NaN and ±Infinity anywhere, and keep user strings such as "NaN"', () => {
    const matrix = { labels: ['NaN', 'Infinity'], counts: [[1, 0], [0, 2]], precision: [Number.NaN, 1], recall: [Number.POSITIVE_INFINITY, -Infinity], nested: { x: [Number.NaN] } };
    const stored = JSON.parse(JSON.stringify(encodeNonFiniteNumbers(matrix)));
    expect(stored.precision[0]).toEqual({ $float: 'NaN' });
    const decoded = decodeNonFiniteNumbers<typeof matrix>(stored);
    expect(decoded.labels).toEqual(['NaN', 'Infinity']);
    expect(decoded.precision[0]).toBeNaN();
    expect(decoded.recall).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(decoded.nested.x[0]).toBeNaN();
    expect(decoded.counts).toEqual(matrix.counts);
  });
});
