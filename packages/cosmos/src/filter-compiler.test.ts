import { MLOpsError, parseFilter, type FilterExpression } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { compileFilter, experimentFieldPaths, literalPrefix, QueryParameters, runFieldPaths } from './filter-compiler.js';

function compileRun(filter: string): { text: string; values: unknown[] } {
  const parameters = new QueryParameters();
  const text = compileFilter(parseFilter(filter, { target: 'runs' }), runFieldPaths, parameters);
  return { text, values: parameters.list.map((parameter) => parameter.value) };
}

describe('compileFilter (runs)', () => {
  it('binds metric keys through the member indexer and values as parameters', () => {
    expect(compileRun('metrics.accuracy = 0.9')).toEqual({ text: '(c.metrics[@p0] = @p1)', values: ['accuracy', 0.9] });
  });

  it('adds the stored infinities to the comparisons they satisfy', () => {
    expect(compileRun('metrics.loss > 1').text).toBe("(c.metrics[@p0] > @p1 OR c.metrics[@p0] = 'Infinity')");
    expect(compileRun('metrics.loss >= 1').text).toBe("(c.metrics[@p0] >= @p1 OR c.metrics[@p0] = 'Infinity')");
    expect(compileRun('metrics.loss < 1').text).toBe("(c.metrics[@p0] < @p1 OR c.metrics[@p0] = '-Infinity')");
    expect(compileRun('metrics.loss <= -1').text).toBe("(c.metrics[@p0] <= @p1 OR c.metrics[@p0] = '-Infinity')");
  });

  it('keeps NaN and missing keys out of != and NOT IN, but not the infinities', () => {
    expect(compileRun('metrics.loss != 0').text).toBe(
      "((IS_NUMBER(c.metrics[@p0]) AND c.metrics[@p0] != @p1) OR c.metrics[@p0] = 'Infinity' OR c.metrics[@p0] = '-Infinity')",
    );
    expect(compileRun('metrics.loss NOT IN (1, 2)')).toEqual({
      text: "((IS_NUMBER(c.metrics[@p0]) AND NOT (c.metrics[@p0] IN (@p1, @p2))) OR c.metrics[@p0] = 'Infinity' OR c.metrics[@p0] = '-Infinity')",
      values: ['loss', 1, 2],
    });
  });

  it('compiles params, tags and attributes with their types', () => {
    expect(compileRun("params.lr = '0.01'")).toEqual({ text: '(c.params[@p0] = @p1)', values: ['lr', '0.01'] });
    expect(compileRun("tags.team != 'x'")).toEqual({ text: '((IS_STRING(c.tags[@p0]) AND c.tags[@p0] != @p1))', values: ['team', 'x'] });
    expect(compileRun("attributes.status IN ('finished', 'failed')")).toEqual({ text: '(c.status IN (@p0, @p1))', values: ['finished', 'failed'] });
    expect(compileRun('attributes.end_time != 5').text).toBe('((IS_NUMBER(c.endTime) AND c.endTime != @p0))');
    expect(compileRun('attributes.training_time <= 10').text).toBe('(c.trainingTimeMs <= @p0)');
    expect(compileRun("attributes.run_id = 'abc'").text).toBe('(c.id = @p0)');
  });

  it('keeps items written before a defaulted attribute existed among the candidates (they read as its default)', () => {
    expect(compileRun("attributes.lifecycle_stage = 'active'")).toEqual({ text: '((c.lifecycleStage = @p0) OR NOT IS_DEFINED(c.lifecycleStage))', values: ['active'] });
    expect(compileRun("lifecycle_stage = 'deleted' and status = 'failed'").text).toBe('(((c.lifecycleStage = @p0) OR NOT IS_DEFINED(c.lifecycleStage)) AND (c.status = @p1))');
    // deleted_at has no default (null): an item without it is simply null.
    expect(compileRun('attributes.deleted_at IS NULL').text).toBe('(NOT IS_DEFINED(c.deletedAt) OR IS_NULL(c.deletedAt))');
  });

  it('compiles null checks as undefined-or-null', () => {
    expect(compileRun('metrics.loss IS NULL').text).toBe('(NOT IS_DEFINED(c.metrics[@p0]) OR IS_NULL(c.metrics[@p0]))');
    expect(compileRun('attributes.git_commit IS NOT NULL').text).toBe('(IS_DEFINED(c.gitCommit) AND NOT IS_NULL(c.gitCommit))');
  });

  it('reduces LIKE to its literal prefix and ILIKE to a string check (the evaluator finishes both)', () => {
    expect(compileRun("params.model LIKE 'res\\_net%'")).toEqual({ text: 'STARTSWITH(c.params[@p0], @p1)', values: ['model', 'res_net'] });
    expect(compileRun("params.model LIKE '%net'").text).toBe('IS_STRING(c.params[@p0])');
    expect(compileRun("params.model ILIKE 'Res%'").text).toBe('IS_STRING(c.params[@p0])');
  });

  it('keeps and/or structure with parentheses', () => {
    expect(compileRun("metrics.a > 1 and params.b = 'x' or tags.c IS NULL").text).toBe(
      "(((c.metrics[@p0] > @p1 OR c.metrics[@p0] = 'Infinity') AND (c.params[@p2] = @p3)) OR (NOT IS_DEFINED(c.tags[@p4]) OR IS_NULL(c.tags[@p4])))",
    );
  });

  it('never writes a key or a value into the query text', () => {
    const hostile = ["it's", '"; DROP', '\\x', '@user', "' OR 1=1 --", '日本 🚀', ']x['];
    for (const text of hostile) {
      const filter: FilterExpression = {
        kind: 'or',
        operands: [
          { kind: 'comparison', field: { kind: 'param', key: text }, operator: '=', value: text },
          { kind: 'in', field: { kind: 'tag', key: text }, negated: true, values: [text] },
          { kind: 'like', field: { kind: 'attribute', name: 'name' }, caseInsensitive: false, pattern: `${text}%` },
        ],
      };
      const parameters = new QueryParameters();
      const compiled = compileFilter(filter, runFieldPaths, parameters);
      expect(compiled).not.toContain(text);
      expect(parameters.list.map((parameter) => parameter.value)).toEqual([text, text, text, text, literalPrefix(`${text}%`)]);
    }
  });
});

describe('compileFilter (hand-built hostile trees)', () => {
  // A tree that did not come from parseFilter (a caller building one by hand, a bug) must
  // never put its own text into the query: it is refused with INVALID_ARGUMENT instead.
  const refuses = (expression: unknown, mentions: RegExp) => {
    const parameters = new QueryParameters();
    let thrown: unknown;
    let compiled: unknown;
    try {
      compiled = compileFilter(expression as FilterExpression, runFieldPaths, parameters);
    } catch (error) {
      thrown = error;
    }
    expect(compiled, `compiled to ${String(compiled)}`).toBeUndefined();
    expect(MLOpsError.hasCode(thrown, 'INVALID_ARGUMENT'), String(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(mentions);
  };

  it('refuses a comparison operator that is not one of the language', () => {
    refuses({ kind: 'comparison', field: { kind: 'attribute', name: 'status' }, operator: '= @p0 OR 1=1 OR c.status =', value: 'x' }, /operator/);
    refuses({ kind: 'comparison', field: { kind: 'metric', key: 'loss' }, operator: '<> 0 OR 1=1 --', value: 1 }, /operator/);
  });

  it('refuses a node of unknown kind instead of compiling it to undefined', () => {
    refuses({ kind: 'or', operands: [{ kind: 'comparison', field: { kind: 'param', key: 'a' }, operator: '=', value: 'b' }, { kind: '1=1' }] }, /kind/);
    refuses({ kind: 'raw', sql: '1=1' }, /kind/);
  });

  it('refuses a field kind or attribute name the target does not have, even an Object.prototype member', () => {
    refuses({ kind: 'null-check', field: { kind: 'column', key: 'a' }, negated: false }, /field/);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      refuses({ kind: 'null-check', field: { kind: 'attribute', name }, negated: true }, /attribute/);
    }
  });
});

describe('compileFilter (experiments)', () => {
  it('reads experiments from the name claim record', () => {
    const parameters = new QueryParameters();
    const filter = parseFilter("tags.team = 'a' and attributes.created_at > 5 and name = 'x'", { target: 'experiments' });
    expect(compileFilter(filter, experimentFieldPaths, parameters)).toBe(
      '((c.record.tags[@p0] = @p1) AND (c.record.createdAt > @p2) AND (c.record.name = @p3))',
    );
  });

  it('refuses fields the target does not have (a store bug, not user input)', () => {
    expect(() => compileFilter({ kind: 'null-check', field: { kind: 'metric', key: 'a' }, negated: false }, experimentFieldPaths, new QueryParameters())).toThrow(
      /metric/,
    );
  });
});

describe('literalPrefix', () => {
  it('stops at the first unescaped wildcard and resolves escapes', () => {
    expect(literalPrefix('abc%')).toBe('abc');
    expect(literalPrefix('a_c')).toBe('a');
    expect(literalPrefix('100\\%%')).toBe('100%');
    expect(literalPrefix('\\\\x%')).toBe('\\x');
    expect(literalPrefix('%x')).toBe('');
    expect(literalPrefix('plain')).toBe('plain');
    expect(literalPrefix('trailing\\')).toBe('trailing\\');
  });
});
