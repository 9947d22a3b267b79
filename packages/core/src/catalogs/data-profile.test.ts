import { describe, expect, it } from 'vitest';
import { canonicalRow, computeDistribution, profileData } from './data-profile.js';

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
    const distribution = await computeDistribution(values, 'x', 4);
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
