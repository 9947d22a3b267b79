import { parseFilter, parseOrderBy, type FilterExpression } from '@mlops-ts/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitOffsetClause, onConflictInsertIfAbsent, onConflictUpsert } from '../on-conflict-sql.js';
import { nullAsNaNMetricValueCodec } from '../metric-value-codec.js';
import type { SqlDialect } from '../sql-dialect.js';
import { compileFilter } from './filter-compiler.js';
import { compileOrder } from './order-compiler.js';
import { experimentSearchTarget, runSearchTarget } from './search-targets.js';

const dialect = {
  name: 'test',
  placeholder: () => '?',
  types: { double: 'REAL' },
  metricValue: nullAsNaNMetricValueCodec('REAL'),
  insertIfAbsent: onConflictInsertIfAbsent,
  upsert: onConflictUpsert,
  limitOffset: limitOffsetClause,
  like: (valueSql: string, pattern: string, caseInsensitive: boolean) => ({
    sql: caseInsensitive ? `lower(${valueSql}) LIKE ? ESCAPE '\\'` : `${valueSql} LIKE ? ESCAPE '\\'`,
    params: [caseInsensitive ? pattern.toLowerCase() : pattern],
  }),
} as unknown as SqlDialect;

const filter = (text: string) => parseFilter(text) as FilterExpression;
const countPlaceholders = (sql: string) => (sql.match(/\?/g) ?? []).length;

describe('compileFilter', () => {
  it('binds keys and values as parameters, in placeholder order', () => {
    const compiled = compileFilter(filter("metrics.m0 > 0.5 and params.p1 = 'v3' or tags.`a b` like 'x%'"), runSearchTarget, dialect);
    expect(compiled.params).toEqual(['m0', 0.5, 'p1', 'v3', 'a b', 'x%']);
    expect(countPlaceholders(compiled.sql)).toBe(compiled.params.length);
    expect(compiled.sql).not.toMatch(/m0|p1|v3|a b|x%/);
  });

  it('compiles key checks to semi-joins on params and tags, correlated EXISTS on metrics, and attributes to columns', () => {
    expect(compileFilter(filter('metrics.loss IS NULL'), runSearchTarget, dialect).sql).toBe(
      'NOT EXISTS (SELECT 1 FROM latest_metrics v WHERE v.run_id = r.id AND v."key" = ?)',
    );
    expect(compileFilter(filter('tags.team IS NULL'), runSearchTarget, dialect).sql).toBe('r.id NOT IN (SELECT v.run_id FROM run_tags v WHERE v."key" = ?)');
    expect(compileFilter(filter('metrics.loss > 1'), runSearchTarget, dialect).sql).toBe(
      'EXISTS (SELECT 1 FROM latest_metrics v WHERE v.run_id = r.id AND v."key" = ? AND v.value > ?)',
    );
    expect(compileFilter(filter('attributes.end_time >= 5'), runSearchTarget, dialect)).toEqual({ sql: 'r.end_time >= CAST(? AS REAL)', params: [5] });
    expect(compileFilter(filter("attributes.status IN ('finished', 'failed')"), runSearchTarget, dialect)).toEqual({
      sql: 'r.status IN (?, ?)',
      params: ['finished', 'failed'],
    });
  });

  it('compiles experiment filters on tags and attributes', () => {
    const compiled = compileFilter(parseFilter("tags.team = 'x' and attributes.name ilike 'ir%'", { target: 'experiments' }) as FilterExpression, experimentSearchTarget, dialect);
    expect(compiled.sql).toContain('experiment_tags');
    expect(compiled.params).toEqual(['team', 'x', 'ir%']);
  });

  it('never writes a key or value of the filter into SQL text', () => {
    const text = fc.string({ minLength: 4, maxLength: 30 });
    fc.assert(
      fc.property(text, text, fc.double({ noNaN: true, noDefaultInfinity: true }), (key, value, number) => {
        const expression: FilterExpression = {
          kind: 'or',
          operands: [
            { kind: 'comparison', field: { kind: 'param', key }, operator: '=', value },
            { kind: 'like', field: { kind: 'tag', key }, caseInsensitive: true, pattern: value },
            { kind: 'in', field: { kind: 'metric', key }, negated: true, values: [number] },
            { kind: 'null-check', field: { kind: 'tag', key: value }, negated: false },
          ],
        };
        const compiled = compileFilter(expression, runSearchTarget, dialect);
        expect(countPlaceholders(compiled.sql)).toBe(compiled.params.length);
        expect(compiled.params).toEqual([key, value, key, value.toLowerCase(), key, number, value]);
        // The SQL text is that of any other keys and values: nothing of the input is in it.
        expect(compiled.sql).toBe(
          compileFilter(
            {
              kind: 'or',
              operands: [
                { kind: 'comparison', field: { kind: 'param', key: 'k' }, operator: '=', value: 'v' },
                { kind: 'like', field: { kind: 'tag', key: 'k' }, caseInsensitive: true, pattern: 'v' },
                { kind: 'in', field: { kind: 'metric', key: 'k' }, negated: true, values: [1] },
                { kind: 'null-check', field: { kind: 'tag', key: 'v' }, negated: false },
              ],
            },
            runSearchTarget,
            dialect,
          ).sql,
        );
      }),
    );
  });
});

describe('compileOrder', () => {
  it('sorts values first, then NaN, then missing, and ends with the id', () => {
    const order = compileOrder(parseOrderBy(['metrics.m1 DESC', 'params.p0', 'attributes.name']), runSearchTarget, dialect);
    expect(order.joins.params).toEqual(['m1', 'p0']);
    expect(order.orderBy).toBe(
      'CASE WHEN o0.run_id IS NULL THEN 2 WHEN o0.value IS NULL THEN 1 ELSE 0 END, o0.value DESC, CASE WHEN o1.run_id IS NULL THEN 1 ELSE 0 END, o1.value, CASE WHEN r.name IS NULL THEN 1 ELSE 0 END, r.name, r.id',
    );
  });
});
