import { parseFilter, runFields } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { compileExperimentCandidateQuery, compileMaxRunIdQuery, compileRunCandidateQuery, maxExperimentsInList } from './run-search.js';

const orderBy = [{ field: { kind: 'attribute' as const, name: 'start_time' as const }, direction: 'desc' as const }];

describe('run search queries', () => {
  it('scope candidates to the experiments with an indexable IN list, then maxRunId, then the filter', () => {
    const { query, parameters } = compileRunCandidateQuery({
      experimentIds: ['e1', 'e2'],
      filter: parseFilter('metrics.accuracy > 0.9'),
      orderBy,
      limit: 10,
      offset: 20,
      maxRunId: 'r9',
    });
    const [projection, where] = query.replace(/^SELECT /, '').split(' FROM c ');
    // Every field of the run registry and the keyed objects, but not the merge positions of latest values.
    expect(projection!.split(', ')).toEqual([...runFields.fields.map((field) => `c.${field.property}`), 'c.tags', 'c.params', 'c.metrics']);
    expect(where).toBe("WHERE c.type = @p0 AND c.experimentId IN (@p1, @p2) AND c.id <= @p3 AND (c.metrics[@p4] > @p5 OR c.metrics[@p4] = 'Infinity')");
    expect(parameters.map((parameter) => parameter.value)).toEqual(['run', 'e1', 'e2', 'r9', 'accuracy', 0.9]);
  });

  it('leave out ORDER BY, OFFSET and LIMIT: the reference evaluator orders and pages the candidates', () => {
    const { query } = compileRunCandidateQuery({ experimentIds: ['e1'], orderBy, limit: 10, offset: 0 });
    expect(query).not.toMatch(/ORDER BY|OFFSET|LIMIT|TOP/);
    expect(query).toMatch(/WHERE c\.type = @p0 AND c\.experimentId IN \(@p1\)$/);
  });

  it('pass the ids of many experiments as one array parameter instead of a long IN list', () => {
    const experimentIds = Array.from({ length: maxExperimentsInList + 1 }, (_, index) => `e${index}`);
    const { query, parameters } = compileRunCandidateQuery({ experimentIds, orderBy, limit: 10, offset: 0 });
    expect(query).toMatch(/WHERE c\.type = @p0 AND ARRAY_CONTAINS\(@p1, c\.experimentId\)$/);
    expect(parameters[1]!.value).toEqual(experimentIds);
  });

  it('find the largest run id of the experiments whatever the filter', () => {
    expect(compileMaxRunIdQuery(['e1', 'e2'])).toEqual({
      query: 'SELECT VALUE MAX(c.id) FROM c WHERE c.type = @p0 AND c.experimentId IN (@p1, @p2)',
      parameters: [
        { name: '@p0', value: 'run' },
        { name: '@p1', value: 'e1' },
        { name: '@p2', value: 'e2' },
      ],
    });
  });

  it('search experiments over their name claims', () => {
    const { query, parameters } = compileExperimentCandidateQuery({ filter: parseFilter("tags.team = 'a'", { target: 'experiments' }), orderBy: [] });
    expect(query).toBe('SELECT c.record FROM c WHERE c.type = @p0 AND (c.record.tags[@p1] = @p2)');
    expect(parameters.map((parameter) => parameter.value)).toEqual(['experiment-name', 'team', 'a']);
  });
});
