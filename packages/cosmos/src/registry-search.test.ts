import { formatFilter, parseFilter } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { versionCandidateFilter } from './registry-search.js';

/** The candidate filter of a version search, as text (undefined: every version is a candidate). */
function candidate(filter: string): string | undefined {
  const relaxed = versionCandidateFilter(parseFilter(filter, { target: 'model-versions' }));
  return relaxed === undefined ? undefined : formatFilter(relaxed);
}

describe('the candidate filter of a version search', () => {
  it('keeps predicates on version fields and tags, which version items hold', () => {
    expect(candidate("version > 2 and tags.stage = 'prod'")).toBe(formatFilter(parseFilter("version > 2 and tags.stage = 'prod'", { target: 'model-versions' })));
  });

  it('drops predicates on name and alias (held by the registered model item) from AND, keeping a superset', () => {
    expect(candidate("name = 'iris' and version > 2")).toBe(formatFilter(parseFilter('version > 2', { target: 'model-versions' })));
    expect(candidate("alias = 'champion' and name = 'iris'")).toBeUndefined();
  });

  it('drops an OR that holds such a predicate, since that branch may match anything', () => {
    expect(candidate("alias = 'champion' or version = 1")).toBeUndefined();
    expect(candidate("(alias = 'champion' or version = 1) and tags.team = 'a'")).toBe(formatFilter(parseFilter("tags.team = 'a'", { target: 'model-versions' })));
  });
});
