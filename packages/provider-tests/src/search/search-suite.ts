import type { SearchRunsOptions } from '@mlops-ts/core';
import { expect } from 'vitest';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';
import { expectCases } from './expect-cases.js';
import { attributeCases, invalidFilters, logicCases, metricCases, orderCases, textCases, type RunSearchCase } from './search-cases.js';
import { manyExperimentsTest } from './many-experiments.js';
import { randomAccessTests } from './random-access.js';
import { createSearchFixture, nextMillisecond } from './search-fixture.js';

/**
 * Run and experiment search: a fixed data set of 3 experiments and 40 runs, dozens of
 * (filter, orderBy, expected runs in order) rows, paging while runs are added, and
 * INVALID_ARGUMENT cases. Stores without a native `searchRuns` are searched by the
 * core's in-memory fallback, so these also pin down the reference semantics.
 */
export const searchSuite: ConcernSuite = (kit) => {
  const tableTimeoutMs = 120_000;
  const tables: [string, readonly RunSearchCase[]][] = [
    ['metrics: comparisons, IN, NaN, ±Infinity, missing keys and latest values', metricCases],
    ['params and tags: =, !=, LIKE, ILIKE, IN, escapes, quoted keys and unicode', textCases],
    ['attributes: status, times, git commit, parent, run id and name', attributeCases],
    ['and binds tighter than or; parentheses; several and all experiments', logicCases],
    ['ordering: values, then NaN, then missing, in both directions; ties by id; newest first by default', orderCases],
  ];
  for (const [title, cases] of tables) {
    kit.test(`searchRuns ${title} (${cases.length} searches)`, async () => {
      await expectCases(kit.mlops, await createSearchFixture(kit.mlops), cases);
    }, { timeoutMs: tableTimeoutMs });
  }

  kit.test('searchRuns returns each run with its params, latest metrics and tags, as getRun does', async () => {
    const fixture = await createSearchFixture(kit.mlops);
    const { runs } = await kit.mlops.lifecycle.searchRuns({ experiment: 'vision', filter: "attributes.name IN ('v11', 'v03', 'v05')", orderBy: ['attributes.name'] });
    expect(runs).toEqual([fixture.runs.get('v03'), fixture.runs.get('v05'), fixture.runs.get('v11')]);
    expect(runs[2]!.metrics).toEqual({ accuracy: 0.42, loss: 0.6 });
    expect(Number.isNaN(runs[0]!.metrics.accuracy)).toBe(true);
  }, { timeoutMs: tableTimeoutMs });

  kit.test('searchRuns pages with limit 7 while runs are added: the new runs stay out and no run is skipped or repeated', async () => {
    const fixture = await createSearchFixture(kit.mlops);
    const searches: SearchRunsOptions[] = [
      {},
      { filter: 'metrics.accuracy IS NOT NULL', orderBy: ['metrics.accuracy DESC'] },
      { experiments: ['vision', 'nlp'], orderBy: ['params.lr', 'attributes.start_time DESC'] },
      { experiment: 'nlp', filter: "attributes.status = 'finished'", orderBy: ['attributes.training_time'] },
    ];
    let added = 0;
    for (const search of searches) {
      const all = (await kit.mlops.lifecycle.searchRuns({ ...search, limit: 100 })).runs.map(fixture.labelOf);
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await kit.mlops.lifecycle.searchRuns({ ...search, limit: 7, pageToken });
        expect(page.runs.length).toBeLessThanOrEqual(7);
        seen.push(...page.runs.map(fixture.labelOf));
        pageToken = page.nextPageToken;
        pages++;
        // Runs that sort first under every order above, in an old and in a new experiment.
        for (const experiment of ['nlp', `late-${added}`]) {
          const run = await kit.mlops.lifecycle.createRun(experiment, { name: `added-${++added}` });
          await kit.mlops.training.logHyperParameters(run.id, { lr: '0' });
          await kit.mlops.evaluation.logMetric(run.id, 'accuracy', 2);
          await kit.mlops.lifecycle.setTrainingTime(run.id, 0);
          await kit.mlops.lifecycle.endRun(run.id);
          await nextMillisecond(run.startTime);
        }
      } while (pageToken !== undefined && pages < 50);
      expect(seen).toEqual(all);
      expect(pages).toBe(Math.max(1, Math.ceil(all.length / 7)));
    }
    const fresh = await kit.mlops.lifecycle.searchRuns({ filter: "attributes.name LIKE 'added-%'", limit: 1_000 });
    expect(fresh.runs).toHaveLength(added);
  }, { timeoutMs: tableTimeoutMs });

  kit.test('searchRuns refuses a page token of another search, an altered token and a bad limit with INVALID_ARGUMENT', async () => {
    await createSearchFixture(kit.mlops);
    const first = await kit.mlops.lifecycle.searchRuns({ experiment: 'vision', orderBy: ['metrics.accuracy DESC'], limit: 3 });
    expect(first.nextPageToken).toEqual(expect.any(String));
    const token = first.nextPageToken!;
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ experiment: 'nlp', orderBy: ['metrics.accuracy DESC'], limit: 3, pageToken: token }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ experiment: 'vision', orderBy: ['metrics.loss DESC'], limit: 3, pageToken: token }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ experiment: 'vision', orderBy: ['metrics.accuracy DESC'], pageToken: `${token.slice(0, -2)}x!` }), 'INVALID_ARGUMENT');
    const forged = Buffer.from(JSON.stringify({ v: 1, o: -1, m: "' OR 1=1 --", q: 'x' })).toString('base64url');
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ experiment: 'vision', orderBy: ['metrics.accuracy DESC'], pageToken: forged }), 'INVALID_ARGUMENT');
    for (const limit of [0, -1, 1.5, 10_001, Number.NaN]) {
      await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ experiment: 'vision', limit }), 'INVALID_ARGUMENT');
    }
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ experiments: [] }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ orderBy: ['metrics.accuracy SIDEWAYS'] }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ experiment: 'no-such-experiment' }), 'NOT_FOUND');
    // The same search continues from the token.
    const second = await kit.mlops.lifecycle.searchRuns({ experiment: 'vision', orderBy: ['metrics.accuracy DESC'], limit: 3, pageToken: token });
    expect(second.runs.map((run) => run.name)).toEqual(['v04', 'v13', 'v14']);
  }, { timeoutMs: tableTimeoutMs });

  kit.test(`searchRuns rejects ${invalidFilters.length} malformed and hostile filters with INVALID_ARGUMENT and keeps the data intact`, async () => {
    const fixture = await createSearchFixture(kit.mlops);
    for (const filter of invalidFilters) {
      const error = await expectMLOpsError(kit.mlops.lifecycle.searchRuns({ filter }), 'INVALID_ARGUMENT');
      expect(error.message).toMatch(/position|characters long/);
    }
    expect((await kit.mlops.lifecycle.searchRuns({ limit: 1_000 })).runs).toHaveLength(fixture.runs.size);
  }, { timeoutMs: tableTimeoutMs });

  kit.test('getBestRun is a search: NaN is never best, ±Infinity count, ties go to the earliest run', async () => {
    const fixture = await createSearchFixture(kit.mlops);
    const best = async (experiment: string, metric: string, goal: 'maximize' | 'minimize'): Promise<string> =>
      fixture.labelOf(await kit.mlops.lifecycle.getBestRun(experiment, metric, { goal }));
    expect(await best('vision', 'accuracy', 'maximize')).toBe('v07');
    expect(await best('vision', 'accuracy', 'minimize')).toBe('v05');
    expect(await best('vision', 'loss', 'maximize')).toBe('v10');
    expect(await best('vision', 'loss', 'minimize')).toBe('v14');
    expect(await best('audio', 'accuracy', 'minimize')).toBe('a05');
    expect(await best('audio', 'accuracy', 'maximize')).toBe('a01');
    await expectMLOpsError(kit.mlops.lifecycle.getBestRun('audio', 'loss'), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.lifecycle.getBestRun('audio', 'f1 score'), 'NOT_FOUND');
  }, { timeoutMs: tableTimeoutMs });

  kit.test('searchExperiments filters on name, description, created_at and tags, newest first by default', async () => {
    await createSearchFixture(kit.mlops);
    const names = async (filter?: string, orderBy?: string[]): Promise<string[]> =>
      (await kit.mlops.lifecycle.searchExperiments({ filter, orderBy })).map((experiment) => experiment.name);
    expect(await names()).toEqual(['audio', 'nlp', 'vision']);
    expect(await names("tags.team = 'vision'")).toEqual(['vision']);
    expect(await names("tags.team ILIKE 'AUDIO'")).toEqual(['audio']);
    expect(await names("name LIKE '%i%'", ['name'])).toEqual(['audio', 'vision']);
    expect(await names('attributes.description IS NULL')).toEqual(['nlp']);
    expect(await names("attributes.description LIKE '%50\\\\%'")).toEqual(['audio']);
    expect(await names('tags.tier IS NOT NULL', ['tags.tier'])).toEqual(['vision', 'audio']);
    expect(await names("tags.tier != 'gold' or attributes.name = 'nlp'", ['attributes.created_at'])).toEqual(['nlp', 'audio']);
    const vision = await kit.mlops.lifecycle.getExperiment('vision');
    expect(await names(`attributes.created_at > ${vision.createdAt}`, ['name DESC'])).toEqual(['nlp', 'audio']);
    await expectMLOpsError(kit.mlops.lifecycle.searchExperiments({ filter: 'metrics.accuracy > 1' }), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.lifecycle.searchExperiments({ filter: "attributes.status = 'failed'" }), 'INVALID_ARGUMENT');
  }, { timeoutMs: tableTimeoutMs });

  manyExperimentsTest(kit);
  randomAccessTests(kit);
};
