import { describe, expect, it } from 'vitest';
import { canonicalRow, computeDistribution, profileData } from './data-profile.js';
import { numericRelativeAccuracy } from './numeric-sketch.js';

const rows = [
  { sepal: 5.1, species: 'setosa', ok: true },
  { sepal: 6.2, species: 'versicolor', ok: false },
  { sepal: null, species: 'setosa', ok: true },
];

describe('profileData', () => {
  it('infers column types, counts rows and hashes the content', async () => {
    const profile = await profileData(rows);
    expect(profile.rowCount).toBe(3);
    expect(profile.columns).toEqual([
      { name: 'sepal', type: 'number' },
      { name: 'species', type: 'string' },
      { name: 'ok', type: 'boolean' },
    ]);
    expect(profile.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same data whatever the key order or source', async () => {
    async function* stream() {
      yield { species: 'setosa', ok: true, sepal: 5.1 };
      yield { ok: false, sepal: 6.2, species: 'versicolor' };
      yield { species: 'setosa', sepal: null, ok: true };
    }
    expect((await profileData(stream())).sha256).toBe((await profileData(rows)).sha256);
  });

  it('changes the hash for any change of value, type or order', async () => {
    const base = (await profileData(rows)).sha256;
    const variants = [
      [{ ...rows[0], sepal: 5.2 }, rows[1]!, rows[2]!],
      [{ ...rows[0], sepal: '5.1' }, rows[1]!, rows[2]!],
      [rows[1]!, rows[0]!, rows[2]!],
      rows.slice(0, 2),
      [{ ...rows[0], extra: null }, rows[1]!, rows[2]!],
    ];
    for (const variant of variants) expect((await profileData(variant)).sha256).not.toBe(base);
  });

  it('documents its encoding: sorted keys with typed values', () => {
    expect(canonicalRow({ b: 1, a: 'x', c: null })).toBe('[["a","s:x"],["b","n:1"],["c",null]]\n');
  });

  it('refuses rows that are not records', async () => {
    await expect(profileData([1 as never])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(profileData(42 as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('computeDistribution', () => {
  it('summarises numeric columns with a histogram', async () => {
    const values = Array.from({ length: 100 }, (_value, index) => ({ x: index }));
    const distribution = await computeDistribution(values, 'x', { bins: 4 });
    if (distribution.kind !== 'numeric') throw new Error('expected numeric');
    expect(distribution.summary).toMatchObject({ count: 100, nullCount: 0, min: 0, max: 99, mean: 49.5 });
    expect(distribution.summary.stddev).toBeCloseTo(29.011, 3);
    expect(distribution.histogram.counts).toEqual([25, 25, 25, 25]);
    expect(distribution.histogram.binEdges).toEqual([0, 24.75, 49.5, 74.25, 99]);
  });

  it('counts values of categorical columns, most frequent first', async () => {
    const distribution = await computeDistribution(rows, 'species');
    expect(distribution).toEqual({
      column: 'species',
      kind: 'categorical',
      valueCounts: [
        { value: 'setosa', count: 2 },
        { value: 'versicolor', count: 1 },
      ],
    });
  });
});

/** Numbers from a fixed seed (a linear congruential generator), so failures repeat. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** The histogram computed from every value, as the sketch is checked against. */
function exactHistogram(values: number[], bins: number): { counts: number[]; edges: number[] } {
  const min = values.reduce((least, value) => Math.min(least, value));
  const max = values.reduce((most, value) => Math.max(most, value));
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) counts[Math.min(bins - 1, Math.floor((value - min) / width))]!++;
  return { counts, edges: Array.from({ length: bins + 1 }, (_edge, index) => (index === bins ? max : min + index * width)) };
}

describe('computeDistribution of numeric columns', () => {
  it('gives the exact histogram of a column with few distinct values, values on bin edges included', async () => {
    const ages = Array.from({ length: 5050 }, (_value, index) => ({ age: index % 101 }));
    const distribution = await computeDistribution(ages, 'age', { bins: 10 });
    if (distribution.kind !== 'numeric') throw new Error('expected numeric');
    expect(distribution.histogram.binEdges).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(distribution.histogram.counts).toEqual([500, 500, 500, 500, 500, 500, 500, 500, 500, 550]);
  });

  it('keeps every histogram count of 200,000 distinct values within the documented bound', async () => {
    const random = seededRandom(7);
    const values = Array.from({ length: 200_000 }, () => 1_700_000_000_000 + 1000 * (random() + random() + random()));
    const distribution = await computeDistribution(
      values.map((value) => ({ value })),
      'value',
      { bins: 20 },
    );
    if (distribution.kind !== 'numeric') throw new Error('expected numeric');
    const exact = exactHistogram(values, 20);
    const slack = numericRelativeAccuracy * (exact.edges.at(-1)! - exact.edges[0]!);
    const nearEdge = (edge: number) => values.filter((value) => Math.abs(value - edge) <= slack).length;
    expect(distribution.histogram.binEdges).toEqual(exact.edges);
    expect(distribution.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(200_000);
    exact.counts.forEach((count, bin) => {
      const bound = nearEdge(exact.edges[bin]!) + nearEdge(exact.edges[bin + 1]!);
      expect(Math.abs(distribution.histogram.counts[bin]! - count), `bin ${bin}`).toBeLessThanOrEqual(bound);
    });
  });

  it('computes count, min, max, mean and standard deviation from every value, not from the sketch', async () => {
    const values = Array.from({ length: 100_000 }, (_value, index) => ({ value: index / 7 }));
    const distribution = await computeDistribution(values, 'value');
    if (distribution.kind !== 'numeric') throw new Error('expected numeric');
    expect(distribution.summary).toMatchObject({ count: 100_000, nullCount: 0, min: 0, max: 99_999 / 7 });
    expect(distribution.summary.mean).toBeCloseTo(99_999 / 14, 6);
    expect(distribution.summary.stddev).toBeCloseTo(Math.sqrt((100_000 * 100_001) / 12) / 7, 6);
  });

  it('puts a column with an infinite value in one bin from min to max', async () => {
    const distribution = await computeDistribution([{ x: 1 }, { x: Number.POSITIVE_INFINITY }, { x: null }, { x: Number.NaN }], 'x');
    if (distribution.kind !== 'numeric') throw new Error('expected numeric');
    expect(distribution.summary).toMatchObject({ count: 2, nullCount: 2, min: 1, max: Number.POSITIVE_INFINITY });
    expect(distribution.histogram).toEqual({ binEdges: [1, Number.POSITIVE_INFINITY], counts: [2] });
  });
});

describe('computeDistribution of categorical columns', () => {
  const ids = (count: number, prefix = 'user') => Array.from({ length: count }, (_value, index) => ({ id: `${prefix}-${index}` }));

  it('lists at most maxCategories values and counts the other rows in otherCount', async () => {
    const rows = [...ids(5000), ...Array.from({ length: 300 }, () => ({ id: 'frequent' }))];
    const distribution = await computeDistribution(rows, 'id', { maxCategories: 100 });
    if (distribution.kind !== 'categorical') throw new Error('expected categorical');
    expect(distribution.valueCounts).toHaveLength(100);
    expect(distribution.valueCounts[0]!.value).toBe('frequent');
    const listed = distribution.valueCounts.reduce((sum, entry) => sum + entry.count, 0);
    expect(listed + distribution.otherCount!).toBe(5300);
  });

  it('keeps exact counts when the column has no more distinct values than twice the cap', async () => {
    const rows = [...ids(150), ...ids(50)];
    const distribution = await computeDistribution(rows, 'id', { maxCategories: 100 });
    if (distribution.kind !== 'categorical') throw new Error('expected categorical');
    expect(distribution.valueCounts.slice(0, 50).every((entry) => entry.count === 2)).toBe(true);
    expect(distribution.valueCounts.slice(50).every((entry) => entry.count === 1)).toBe(true);
    expect(distribution.otherCount).toBe(50);
  });

  it('lists a value that first appears late if it is in more than 1/(maxCategories + 1) of the rows, undercounted by at most that share', async () => {
    const rows = [...ids(20_000), ...Array.from({ length: 500 }, () => ({ id: 'late' }))];
    const distribution = await computeDistribution(rows, 'id', { maxCategories: 100 });
    if (distribution.kind !== 'categorical') throw new Error('expected categorical');
    const late = distribution.valueCounts.find((entry) => entry.value === 'late');
    expect(late?.count).toBeGreaterThanOrEqual(500 - 20_500 / 101);
    expect(late?.count).toBeLessThanOrEqual(500);
  });

  it('caps at 1000 values by default and leaves otherCount out when every value is listed', async () => {
    const many = await computeDistribution(ids(1500), 'id');
    if (many.kind !== 'categorical') throw new Error('expected categorical');
    expect(many.valueCounts).toHaveLength(1000);
    expect(many.otherCount).toBe(500);
    expect(await computeDistribution(ids(3), 'id')).not.toHaveProperty('otherCount');
  });

  it('refuses a cap or a bin count that is not a positive whole number', async () => {
    for (const maxCategories of [0, 1.5, -1, Number.NaN, '10']) {
      await expect(computeDistribution(ids(3), 'id', { maxCategories: maxCategories as number })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(computeDistribution(ids(3), 'id', { bins: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('values that have no canonical form', () => {
  const invalidDate = [{ when: new Date('2024-05-01') }, { when: new Date('not a date') }];

  it('refuses an invalid Date with INVALID_ARGUMENT naming the row and the column', async () => {
    await expect(profileData(invalidDate)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/row 1.*'when'/i) });
    await expect(computeDistribution(invalidDate, 'when')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/row 1.*'when'/i) });
  });

  it('refuses a BigInt nested in an object or an array', async () => {
    await expect(profileData([{ meta: { id: 1n } }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'meta'") });
    await expect(profileData([{ ids: [1n, 2n] }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a value that refers to itself', async () => {
    const looped: Record<string, unknown> = {};
    looped.self = looped;
    await expect(profileData([{ looped }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses an object without a string form in a categorical column', async () => {
    await expect(computeDistribution([{ x: 'a' }, { x: Object.create(null) }], 'x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('still hashes a top-level BigInt and a valid Date', async () => {
    expect(canonicalRow({ id: 12n, when: new Date(0) })).toBe('[["id","i:12"],["when","d:1970-01-01T00:00:00.000Z"]]\n');
  });
});
