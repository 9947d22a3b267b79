import { defineFields, runFields } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { columnValues, insertSql, mapRow, selectList } from './entity-rows.js';

interface Item {
  id: string;
  sizeBytes: number;
  note: string | null;
  isPinned: boolean;
  createdAt: number;
}

const itemFields = defineFields<Item>()('item', {
  id: { type: 'id' },
  sizeBytes: { type: 'integer' },
  note: { type: 'text', isNullable: true },
  isPinned: { type: 'boolean', defaultValue: false },
  createdAt: { type: 'epoch-ms' },
});

describe('rows from the field registry', () => {
  it('converts 64-bit integers that drivers return as strings, and keeps nulls', () => {
    expect(mapRow(itemFields, { id: 'a', size_bytes: '9007199254740991', note: null, is_pinned: 0, created_at: '1700000000000' })).toEqual({
      id: 'a',
      sizeBytes: 9_007_199_254_740_991,
      note: null,
      isPinned: false,
      createdAt: 1_700_000_000_000,
    });
    const row = { id: 'r', experiment_id: 'e', name: null, status: 'finished', start_time: '1700000000000', end_time: null, training_time_ms: '12.5', git_commit: 'abc', parent_run_id: null };
    expect(mapRow(runFields, row)).toMatchObject({ id: 'r', name: null, status: 'finished', startTime: 1_700_000_000_000, endTime: null, trainingTimeMs: 12.5 });
  });

  it('reads flags stored as 0/1 or as booleans (SQL Server bit), and binds them as 0/1', () => {
    const row = (isPinned: unknown) => ({ id: 'a', size_bytes: 1, note: 'x', is_pinned: isPinned, created_at: 5 });
    for (const stored of [1, true, '1']) expect(mapRow(itemFields, row(stored)).isPinned).toBe(true);
    for (const stored of [0, false, '0']) expect(mapRow(itemFields, row(stored)).isPinned).toBe(false);
    expect(columnValues(itemFields, { id: 'a', sizeBytes: 1, note: null, isPinned: true, createdAt: 5 })).toEqual(['a', 1, null, 1, 5]);
  });

  it('binds the default of a field a record leaves out (one written by code older than the field)', () => {
    expect(columnValues(itemFields, { id: 'a', sizeBytes: 1, createdAt: 5 } as Item)).toEqual(['a', 1, null, 0, 5]);
  });

  it('lists every column of the registry in one order for SELECT, INSERT and values', () => {
    expect(selectList(itemFields, 'i')).toBe('i.id, i.size_bytes, i.note, i.is_pinned, i.created_at');
    expect(insertSql('items', itemFields, ['tags'])).toBe('INSERT INTO items (id, size_bytes, note, is_pinned, created_at, tags) VALUES (?, ?, ?, ?, ?, ?)');
  });
});
