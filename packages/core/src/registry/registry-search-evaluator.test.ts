import { describe, expect, it } from 'vitest';
import type { ModelVersion } from '../spec/v1/model-version.js';
import { parseFilter } from '../search/filter-parser.js';
import { parseOrderBy } from '../search/order-by-parser.js';
import { evaluateModelVersionSearch, matchesModelVersionFilter } from './registry-search-evaluator.js';

function version(number: number, aliases: string[], tags: Record<string, string> = {}): ModelVersion {
  return {
    id: `01900000-0000-7000-8000-${String(number).padStart(12, '0')}`,
    registeredModelId: 'm',
    modelName: 'iris',
    version: number,
    runId: 'r',
    runArtifactId: 'a',
    artifactPath: 'model.onnx',
    registeredBy: 'ada',
    registeredAt: number,
    description: null,
    tags,
    aliases,
  };
}

const versions = [version(1, []), version(2, ['champion']), version(3, ['challenger', 'blue']), version(4, ['blue'], { stage: 'prod' })];

function matching(filter: string): number[] {
  const expression = parseFilter(filter, { target: 'model-versions' });
  return versions.filter((candidate) => matchesModelVersionFilter(expression, candidate)).map((candidate) => candidate.version);
}

describe('the alias attribute of model versions', () => {
  it('matches when one of the aliases matches, for =, LIKE and IN', () => {
    expect(matching("alias = 'blue'")).toEqual([3, 4]);
    expect(matching("alias LIKE 'ch%'")).toEqual([2, 3]);
    expect(matching("alias IN ('champion', 'challenger')")).toEqual([2, 3]);
  });

  it('matches != and NOT IN only for versions with aliases, none of them matching', () => {
    expect(matching("alias != 'blue'")).toEqual([2]);
    expect(matching("alias NOT IN ('champion')")).toEqual([3, 4]);
  });

  it('is null for a version without aliases', () => {
    expect(matching('alias IS NULL')).toEqual([1]);
    expect(matching('alias IS NOT NULL')).toEqual([2, 3, 4]);
  });

  it('combines with other fields, each predicate on its own', () => {
    expect(matching("alias = 'blue' and alias = 'challenger'")).toEqual([3]);
    expect(matching("alias = 'blue' and tags.stage = 'prod' or version = 1")).toEqual([1, 4]);
  });

  it('orders and pages by the parsed order, then id', () => {
    const page = evaluateModelVersionSearch(versions, { orderBy: parseOrderBy(['version DESC'], 'model-versions'), limit: 2, offset: 1 });
    expect(page.modelVersions.map((candidate) => candidate.version)).toEqual([3, 2]);
    expect(page.hasMore).toBe(true);
    expect(page.maxId).toBe(versions[3]!.id);
  });

  it('cannot be sorted by', () => {
    expect(() => parseOrderBy(['alias'], 'model-versions')).toThrow(/cannot be sorted/);
  });
});
