import { defineFields, runFields } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { itemPath, projectionOf, searchablePaths } from './item-paths.js';

interface Item {
  id: string;
  value: number;
  startTime: number;
  label: string | null;
}

const itemFields = defineFields<Item>()('item', {
  id: { type: 'id', filter: { name: 'item_id' } },
  value: { type: 'double', filter: { name: 'value' } },
  startTime: { type: 'epoch-ms' },
  label: { type: 'text', isNullable: true, filter: { name: 'label' } },
});

describe('item paths from the field registry', () => {
  it('reaches keyword-named properties through the member indexer', () => {
    expect(itemPath('c', 'startTime')).toBe('c.startTime');
    expect(itemPath('c', 'value')).toBe('c["value"]');
    expect(itemPath('c.record', 'Order')).toBe('c.record["Order"]');
  });

  it('projects every field and finds the searchable ones by filter name', () => {
    expect(projectionOf(itemFields.fields, 'c')).toBe('c.id, c["value"], c.startTime, c.label');
    const paths = searchablePaths(itemFields.fields, 'c.record');
    expect([...paths]).toEqual([
      ['item_id', { path: 'c.record.id', isNumeric: false, hasDefault: false }],
      ['value', { path: 'c.record["value"]', isNumeric: true, hasDefault: false }],
      ['label', { path: 'c.record.label', isNumeric: false, hasDefault: false }],
    ]);
  });

  it('finds run attributes where run items keep them', () => {
    const paths = searchablePaths(runFields.fields, 'c');
    expect(paths.get('training_time')).toEqual({ path: 'c.trainingTimeMs', isNumeric: true, hasDefault: false });
    expect(paths.get('run_id')).toEqual({ path: 'c.id', isNumeric: false, hasDefault: false });
    // Items written before the field existed lack it and read as its default.
    expect(paths.get('lifecycle_stage')).toEqual({ path: 'c.lifecycleStage', isNumeric: false, hasDefault: true });
    expect(paths.has('experiment_id')).toBe(false);
  });
});
