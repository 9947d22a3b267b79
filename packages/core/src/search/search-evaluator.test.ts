import { describe, expect, it } from 'vitest';
import { newExperimentRecord, newRunRecord } from '../../../provider-tests/src/fixtures.js';
import type { Experiment, Run } from '../spec/v1/index.js';
import { parseFilter } from './filter-parser.js';
import { parseOrderBy } from './order-by-parser.js';
import { evaluateExperimentSearch, evaluateRunSearch } from './search-evaluator.js';
import { compareCodePoints } from './search-ordering.js';

let sequence = 0;
function run(name: string, { params = {}, metrics = {}, ...fields }: Partial<Run> = {}): Run {
  sequence++;
  const id = `0190000${sequence.toString(16).padStart(1, '0')}-0000-7000-8000-000000000000`;
  const info = newRunRecord({ id, experimentId: 'e1', name, status: 'finished', startTime: 1_000 + sequence, endTime: 2_000 + sequence, trainingTimeMs: 10, ...fields });
  return { ...info, params, metrics };
}

const runs = [
  run('a', { metrics: { acc: 0.9, loss: 0.1 }, params: { lr: '0.01' }, tags: { team: 'Vision' } }),
  run('b', { metrics: { acc: Number.NaN }, params: { lr: '0.1' }, tags: { team: 'nlp' } }),
  run('c', { metrics: { acc: 0.5, loss: Number.POSITIVE_INFINITY }, status: 'failed' }),
  run('d', { metrics: { acc: -1 }, params: { lr: '0.01' }, endTime: null, status: 'running' }),
  run('e', { metrics: {}, tags: { team: 'vision' }, experimentId: 'e2' }),
];

const names = (filter: string | undefined, orderBy?: string[], experimentIds = ['e1', 'e2']): (string | null)[] =>
  evaluateRunSearch(runs, {
    experimentIds,
    filter: filter === undefined ? undefined : parseFilter(filter),
    orderBy: parseOrderBy(orderBy),
    limit: 100,
    offset: 0,
  }).runs.map((found) => found.name);

describe('evaluateRunSearch', () => {
  it('compares numbers; NaN matches no comparison, not even != or NOT IN; a missing key matches only IS NULL', () => {
    expect(names('metrics.acc > 0', ['attributes.start_time'])).toEqual(['a', 'c']);
    expect(names('metrics.acc != 0.5', ['attributes.start_time'])).toEqual(['a', 'd']);
    expect(names('metrics.acc NOT IN (0.9)', ['attributes.start_time'])).toEqual(['c', 'd']);
    expect(names('metrics.acc IS NOT NULL', ['attributes.start_time'])).toEqual(['a', 'b', 'c', 'd']);
    expect(names('metrics.acc IS NULL')).toEqual(['e']);
    expect(names('metrics.loss > 1e308')).toEqual(['c']);
  });

  it('matches params and tags exactly, with LIKE case-sensitive and ILIKE not', () => {
    expect(names("params.lr = '0.01'", ['attributes.start_time'])).toEqual(['a', 'd']);
    expect(names("params.lr != '0.01'")).toEqual(['b']);
    expect(names("tags.team LIKE 'v%'")).toEqual(['e']);
    expect(names("tags.team ILIKE 'v%'", ['attributes.start_time'])).toEqual(['a', 'e']);
  });

  it('filters attributes, including null ones', () => {
    expect(names("attributes.status IN ('failed', 'running')", ['attributes.start_time'])).toEqual(['c', 'd']);
    expect(names('attributes.end_time IS NULL')).toEqual(['d']);
    const unnamed = run('', { name: null });
    const page = evaluateRunSearch([...runs, unnamed], { experimentIds: ['e1'], filter: parseFilter('attributes.name IS NULL'), orderBy: parseOrderBy(undefined), limit: 10, offset: 0 });
    expect(page.runs.map((found) => found.id)).toEqual([unnamed.id]);
    expect(names("attributes.name != 'a'", ['attributes.start_time'])).toEqual(['b', 'c', 'd', 'e']);
  });

  it('combines and/or with and binding tighter', () => {
    expect(names("metrics.acc > 0.8 or tags.team = 'nlp' and params.lr = '0.1'", ['attributes.start_time'])).toEqual(['a', 'b']);
    expect(names("(metrics.acc > 0.8 or tags.team = 'nlp') and params.lr = '0.1'")).toEqual(['b']);
  });

  it('sorts values first, then NaN, then missing, in both directions, then by id', () => {
    expect(names(undefined, ['metrics.acc DESC'])).toEqual(['a', 'c', 'd', 'b', 'e']);
    expect(names(undefined, ['metrics.acc'])).toEqual(['d', 'c', 'a', 'b', 'e']);
    expect(names(undefined, ['params.lr DESC', 'attributes.start_time DESC'])).toEqual(['b', 'd', 'a', 'e', 'c']);
  });

  it('orders newest first by default', () => {
    expect(names(undefined)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('keeps only the given experiments and runs up to maxRunId, and reports the largest id', () => {
    expect(names(undefined, ['attributes.start_time'], ['e2'])).toEqual(['e']);
    const page = evaluateRunSearch(runs, { experimentIds: ['e1'], orderBy: parseOrderBy(undefined), limit: 2, offset: 1, maxRunId: runs[2]!.id });
    expect(page.runs.map((found) => found.name)).toEqual(['b', 'a']);
    expect(page.hasMore).toBe(false);
    expect(page.maxRunId).toBe(runs[2]!.id);
  });

  it('pages with offset and limit and says whether more follow', () => {
    const page = evaluateRunSearch(runs, { experimentIds: ['e1', 'e2'], orderBy: parseOrderBy(['attributes.start_time']), limit: 2, offset: 2 });
    expect(page.runs.map((found) => found.name)).toEqual(['c', 'd']);
    expect(page.hasMore).toBe(true);
    expect(page.maxRunId).toBe(runs[4]!.id);
  });
});

describe('evaluateExperimentSearch', () => {
  const experiments: Experiment[] = [
    newExperimentRecord({ id: 'x1', name: 'iris', tags: { team: 'vision' }, createdAt: 1 }),
    newExperimentRecord({ id: 'x2', name: 'Iris-large', description: 'big', createdAt: 2 }),
    newExperimentRecord({ id: 'x3', name: 'mnist', description: 'digits', tags: { team: 'vision' }, createdAt: 2 }),
  ];
  const search = (filter?: string, orderBy?: string[]): string[] =>
    evaluateExperimentSearch(experiments, {
      filter: filter === undefined ? undefined : parseFilter(filter, { target: 'experiments' }),
      orderBy: parseOrderBy(orderBy, 'experiments'),
    }).map((experiment) => experiment.name);

  it('filters on name, tags and description, newest first by default with id breaking ties', () => {
    expect(search()).toEqual(['Iris-large', 'mnist', 'iris']);
    expect(search("name ILIKE 'iris%'")).toEqual(['Iris-large', 'iris']);
    expect(search("tags.team = 'vision'", ['name DESC'])).toEqual(['mnist', 'iris']);
    expect(search('attributes.description IS NULL')).toEqual(['iris']);
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, unlike UTF-16 comparison', () => {
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
    expect('\uffff' < '😀').toBe(false);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('b', 'a')).toBeGreaterThan(0);
  });
});
