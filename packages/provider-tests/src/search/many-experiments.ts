import { randomUUID } from 'node:crypto';
import { parseFilter, parseOrderBy } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { SuiteKit } from '../harness.js';

/** More experiments than SQL Server binds parameters in one statement (2,100). */
const experimentCount = 5_000;

/**
 * A search of all experiments in a store that has thousands of them: the store must not
 * send one bound parameter per experiment. Called on the store itself, with the ids of
 * three real experiments among thousands, so no store has to hold 5,000 experiments.
 */
export function manyExperimentsTest(kit: SuiteKit): void {
  kit.test(`searchRuns over ${experimentCount.toLocaleString('en')} experiment ids finds the runs of the ones that exist`, async (context) => {
    const { store } = kit;
    if (!store.searchRuns) context.skip(`the '${store.providerId}' store has no searchRuns (optional): the core reads experiments one by one, so no statement limit applies`);
    const wanted = new Set<string>();
    const experimentIds: string[] = Array.from({ length: experimentCount - 3 }, () => randomUUID());
    for (const name of ['wide-a', 'wide-b', 'wide-c']) {
      const run = await kit.mlops.lifecycle.createRun(name, { name: `${name}-run` });
      await kit.mlops.evaluation.logMetric(run.id, 'accuracy', 0.5);
      experimentIds.splice(Math.floor(experimentIds.length / 2), 0, run.experimentId);
      wanted.add(run.id);
    }
    await kit.mlops.lifecycle.createRun('outside', { name: 'not-searched' });
    const page = await store.searchRuns!({
      experimentIds,
      filter: parseFilter('metrics.accuracy = 0.5'),
      orderBy: parseOrderBy(['attributes.name']),
      limit: 100,
      offset: 0,
    });
    expect(page.runs.map((run) => run.name)).toEqual(['wide-a-run', 'wide-b-run', 'wide-c-run']);
    expect(new Set(page.runs.map((run) => run.id))).toEqual(wanted);
    expect(page.hasMore).toBe(false);
    expect(page.maxRunId).toEqual(expect.any(String));
  });
}
