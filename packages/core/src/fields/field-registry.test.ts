import { describe, expect, it } from 'vitest';
import { defineFields } from './field-registry.js';
import { runFields } from './run-fields.js';

interface Item {
  id: string;
  createdAt: number;
  label: string | null;
}

describe('defineFields', () => {
  it('derives snake_case columns, lower-case aliases and defaults', () => {
    expect(runFields.byProperty.trainingTimeMs).toMatchObject({ column: 'training_time_ms', type: 'double', isNullable: true, defaultValue: null });
    expect(runFields.byFilterName.training_time.property).toBe('trainingTimeMs');
    expect(runFields.filterAliases).toMatchObject({ run_name: 'name', id: 'run_id', training_time_ms: 'training_time' });
    expect(runFields.byProperty.status.values).toEqual(['running', 'finished', 'failed', 'killed']);
    expect(runFields.fields.map((field) => field.property)).not.toContain('tags');
  });

  it('refuses two fields on one column or one filter name when the module loads', () => {
    expect(() =>
      defineFields<Item>()('item', { id: { type: 'id' }, createdAt: { type: 'epoch-ms', column: 'id' }, label: { type: 'text', isNullable: true } }),
    ).toThrow(/column 'id'/);
    expect(() =>
      defineFields<Item>()('item', {
        id: { type: 'id', filter: { name: 'label' } },
        createdAt: { type: 'epoch-ms' },
        label: { type: 'text', isNullable: true, filter: { name: 'item_label', aliases: ['LABEL'] } },
      }),
    ).toThrow(/named 'label'/);
  });

  it('reads a record stored before a field existed with the field default', () => {
    const fields = defineFields<Item>()('item', { id: { type: 'id' }, createdAt: { type: 'epoch-ms', defaultValue: 0 }, label: { type: 'text', isNullable: true } });
    expect(fields.readStored({ id: 'a' })).toEqual({ id: 'a', createdAt: 0, label: null });
    expect(fields.defaults).toEqual({ createdAt: 0, label: null });
    expect(fields.pick({ id: 'a', createdAt: 5, label: 'x', extra: 1 } as Item)).toEqual({ id: 'a', createdAt: 5, label: 'x' });
  });
});
