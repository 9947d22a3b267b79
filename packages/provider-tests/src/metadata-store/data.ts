import { expect } from 'vitest';
import type { NumericDistribution } from '@mlops-ts/core';
import type { ConcernSuite } from '../harness.js';
import { expectMLOpsError } from '../helpers.js';

const unknownRunId = '01900000-0000-7000-8000-00000000dead';

const irisRows = [
  { sepalLength: 5.1, species: 'setosa', verified: true },
  { sepalLength: 7.0, species: 'versicolor', verified: false },
  { sepalLength: 6.3, species: 'virginica', verified: true },
  { sepalLength: 4.9, species: 'setosa', verified: true },
];

async function* asAsyncIterable<T>(rows: T[]): AsyncIterable<T> {
  for (const row of rows) yield row;
}

/** Data sets: inferred columns, row counts, canonical hashes, distributions. */
export const dataSuite: ConcernSuite = (kit) => {
  kit.test('logData records the row count, inferred column types and a SHA-256 hash under the name "data"', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const dataSet = await kit.mlops.data.logData(run.id, irisRows);
    expect(dataSet).toMatchObject({ runId: run.id, name: 'data', rowCount: 4 });
    expect(dataSet.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.fromEntries(dataSet.columns.map((column) => [column.name, column.type]))).toEqual({
      sepalLength: 'number',
      species: 'string',
      verified: 'boolean',
    });
    expect(await kit.mlops.data.getData(run.id)).toEqual([dataSet]);
  });

  kit.test('the same data gives the same hash in another run, from an array or an async iterable', async () => {
    const first = await kit.mlops.lifecycle.createRun('iris');
    const second = await kit.mlops.lifecycle.createRun('iris');
    const fromArray = await kit.mlops.data.logData(first.id, irisRows);
    const fromIterable = await kit.mlops.data.logData(second.id, asAsyncIterable(irisRows));
    expect(fromIterable.sha256).toBe(fromArray.sha256);
    expect(fromIterable.rowCount).toBe(4);
  });

  kit.test('any change to the data gives another hash', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const original = await kit.mlops.data.logData(run.id, irisRows, { name: 'original' });
    const changedValue = await kit.mlops.data.logData(run.id, [{ ...irisRows[0]!, sepalLength: 5.2 }, ...irisRows.slice(1)], { name: 'changed-value' });
    const extraRow = await kit.mlops.data.logData(run.id, [...irisRows, irisRows[0]!], { name: 'extra-row' });
    const hashes = new Set([original.sha256, changedValue.sha256, extraRow.sha256]);
    expect(hashes.size).toBe(3);
  });

  kit.test('a run keeps several named data sets, oldest first', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, irisRows.slice(0, 3), { name: 'train' });
    await kit.mlops.data.logData(run.id, irisRows.slice(3), { name: 'test' });
    const dataSets = await kit.mlops.data.getData(run.id);
    expect(dataSets.map((dataSet) => [dataSet.name, dataSet.rowCount])).toEqual([
      ['train', 3],
      ['test', 1],
    ]);
  });

  kit.test('logging a data set again under the same name replaces it', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, irisRows.slice(0, 1));
    const replacement = await kit.mlops.data.logData(run.id, irisRows);
    const dataSets = await kit.mlops.data.getData(run.id);
    expect(dataSets).toHaveLength(1);
    expect(dataSets[0]).toMatchObject({ rowCount: 4, sha256: replacement.sha256 });
  });

  kit.test('getData is empty for a run without data', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    expect(await kit.mlops.data.getData(run.id)).toEqual([]);
  });

  kit.test('logDataDistribution counts categorical values, most frequent first, and stores them on the data set', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, irisRows);
    const distribution = await kit.mlops.data.logDataDistribution(run.id, irisRows, 'species');
    expect(distribution.kind).toBe('categorical');
    if (distribution.kind !== 'categorical') return;
    expect(distribution.column).toBe('species');
    expect(distribution.valueCounts[0]).toEqual({ value: 'setosa', count: 2 });
    expect([...distribution.valueCounts].sort((a, b) => a.value.localeCompare(b.value))).toEqual([
      { value: 'setosa', count: 2 },
      { value: 'versicolor', count: 1 },
      { value: 'virginica', count: 1 },
    ]);
    const [stored] = await kit.mlops.data.getData(run.id);
    expect(stored!.distributions).toEqual([distribution]);
  });

  kit.test('logDataDistribution summarises a numeric column with a histogram of the requested bins', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const rows = Array.from({ length: 100 }, (_, index) => ({ value: index }));
    await kit.mlops.data.logData(run.id, rows);
    const distribution = (await kit.mlops.data.logDataDistribution(run.id, rows, 'value', { bins: 4 })) as NumericDistribution;
    expect(distribution.kind).toBe('numeric');
    expect(distribution.summary).toMatchObject({ count: 100, nullCount: 0, min: 0, max: 99 });
    expect(distribution.summary.mean).toBeCloseTo(49.5, 10);
    expect(distribution.histogram.counts).toHaveLength(4);
    expect(distribution.histogram.binEdges).toHaveLength(5);
    expect(distribution.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(100);
    const [stored] = await kit.mlops.data.getData(run.id);
    expect(stored!.distributions).toEqual([distribution]);
  });

  kit.test('distributions of several columns are kept, and a column logged again is replaced', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, irisRows);
    await kit.mlops.data.logDataDistribution(run.id, irisRows, 'species');
    await kit.mlops.data.logDataDistribution(run.id, irisRows, 'sepalLength', { bins: 2 });
    const replaced = await kit.mlops.data.logDataDistribution(run.id, irisRows, 'sepalLength', { bins: 3 });
    const [stored] = await kit.mlops.data.getData(run.id);
    expect(stored!.distributions.map((distribution) => distribution.column).sort()).toEqual(['sepalLength', 'species']);
    expect(stored!.distributions.find((distribution) => distribution.column === 'sepalLength')).toEqual(replaced);
  });

  kit.test('logDataDistribution before the data set is logged throws NOT_FOUND', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.data.logDataDistribution(run.id, irisRows, 'species'), 'NOT_FOUND');
    await kit.mlops.data.logData(run.id, irisRows, { name: 'train' });
    await expectMLOpsError(kit.mlops.data.logDataDistribution(run.id, irisRows, 'species', { name: 'test' }), 'NOT_FOUND');
  });

  kit.test('logDataDistribution of a column the data set lacks is INVALID_ARGUMENT listing its columns, and stores nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, irisRows);
    await expectMLOpsError(kit.mlops.data.logDataDistribution(run.id, irisRows, 'petalLength'), 'INVALID_ARGUMENT', {
      mentions: ['petalLength', "'sepalLength'", "'species'", "'verified'"],
    });
    expect((await kit.mlops.data.getData(run.id))[0]!.distributions).toEqual([]);
  });

  kit.test('logDataDistribution without a name uses the run’s only data set, and asks for a name among several', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, irisRows, { name: 'train' });
    await kit.mlops.data.logDataDistribution(run.id, irisRows, 'species');
    expect((await kit.mlops.data.getData(run.id)).map((dataSet) => [dataSet.name, dataSet.distributions.map((distribution) => distribution.column)])).toEqual([['train', ['species']]]);
    await kit.mlops.data.logData(run.id, irisRows, { name: 'test' });
    await expectMLOpsError(kit.mlops.data.logDataDistribution(run.id, irisRows, 'species'), 'INVALID_ARGUMENT', { mentions: ["'train'", "'test'", 'name'] });
    await kit.mlops.data.logDataDistribution(run.id, irisRows, 'verified', { name: 'test' });
    expect((await kit.mlops.data.getData(run.id)).find((dataSet) => dataSet.name === 'test')!.distributions.map((distribution) => distribution.column)).toEqual(['verified']);
  });

  kit.test('a categorical column with more values than maxCategories keeps the most frequent and the rest as otherCount', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const rows = [...Array.from({ length: 30 }, (_, index) => ({ id: `id-${index}` })), ...Array.from({ length: 5 }, () => ({ id: 'common' }))];
    await kit.mlops.data.logData(run.id, rows);
    const distribution = await kit.mlops.data.logDataDistribution(run.id, rows, 'id', { maxCategories: 10 });
    expect(distribution).toMatchObject({ kind: 'categorical', otherCount: 21 });
    if (distribution.kind !== 'categorical') return;
    expect(distribution.valueCounts).toHaveLength(10);
    expect(distribution.valueCounts[0]).toEqual({ value: 'common', count: 5 });
    const [stored] = await kit.mlops.data.getData(run.id);
    expect(stored!.distributions).toEqual([distribution]);
  });

  kit.test('rows holding an invalid Date or a nested BigInt throw INVALID_ARGUMENT and store nothing', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await expectMLOpsError(kit.mlops.data.logData(run.id, [{ when: new Date('not a date') }]), 'INVALID_ARGUMENT');
    await expectMLOpsError(kit.mlops.data.logData(run.id, [{ meta: { id: 1n } }]), 'INVALID_ARGUMENT');
    expect(await kit.mlops.data.getData(run.id)).toEqual([]);
    await kit.mlops.data.logData(run.id, irisRows);
    await expectMLOpsError(kit.mlops.data.logDataDistribution(run.id, [{ species: new Date(Number.NaN) }], 'species'), 'INVALID_ARGUMENT');
  });

  kit.test('data calls on an unknown run throw NOT_FOUND', async () => {
    await expectMLOpsError(kit.mlops.data.logData(unknownRunId, irisRows), 'NOT_FOUND');
    await expectMLOpsError(kit.mlops.data.getData(unknownRunId), 'NOT_FOUND');
  });

  kit.test('the store keeps a data set’s distributions when it is saved again without any', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    const dataSet = await kit.mlops.data.logData(run.id, irisRows);
    const distribution = await kit.mlops.data.logDataDistribution(run.id, irisRows, 'species');
    await kit.store.saveDataSet({ ...dataSet, rowCount: 5, distributions: [] });
    const [kept] = await kit.store.listDataSets(run.id);
    expect(kept).toMatchObject({ rowCount: 5, distributions: [distribution] });
    await kit.store.saveDataSet({ ...dataSet, distributions: [{ column: 'other', kind: 'categorical', valueCounts: [{ value: 'x', count: 1 }] }] });
    const [replaced] = await kit.store.listDataSets(run.id);
    expect(replaced!.distributions.map((stored) => stored.column)).toEqual(['other']);
  });

  kit.test('the store keeps NaN and ±Infinity inside numeric distributions', async () => {
    const run = await kit.mlops.lifecycle.createRun('iris');
    await kit.mlops.data.logData(run.id, irisRows);
    await kit.store.saveDataDistribution(run.id, 'data', {
      column: 'odd',
      kind: 'numeric',
      summary: { count: 0, nullCount: 3, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, mean: Number.NaN, stddev: Number.NaN },
      histogram: { binEdges: [0, 1], counts: [0] },
    });
    const [stored] = await kit.store.listDataSets(run.id);
    const odd = stored!.distributions.find((distribution) => distribution.column === 'odd') as NumericDistribution;
    expect(odd.summary.min).toBe(Number.POSITIVE_INFINITY);
    expect(odd.summary.max).toBe(Number.NEGATIVE_INFINITY);
    expect(odd.summary.mean).toBeNaN();
  });
};
