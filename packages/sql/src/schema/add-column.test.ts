import { defineFields, MLOpsError } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import type { SqlDialect } from '../sql-dialect.js';
import { addColumnStatements } from './add-column.js';

const dialect = { types: { key: 'nvarchar(450)', integer: 'bigint', text: 'nvarchar(max)', boolean: 'bit' } } as unknown as SqlDialect;

interface Added {
  id: string;
  stage: 'active' | 'deleted';
  deletedAt: number | null;
  note: string;
  isPinned: boolean;
}

const fields = defineFields<Added>()('added', {
  id: { type: 'id' },
  stage: { type: 'enum', values: ['active', 'deleted'], defaultValue: 'active' },
  deletedAt: { type: 'epoch-ms', isNullable: true },
  note: { type: 'text' },
  isPinned: { type: 'boolean', defaultValue: false },
});

describe('addColumnStatements', () => {
  it('adds a column of the field type, filling existing rows with the default or null', () => {
    expect(addColumnStatements(dialect, 'runs', fields.byProperty.stage)).toEqual(["ALTER TABLE runs ADD stage nvarchar(450) NOT NULL DEFAULT 'active'"]);
    expect(addColumnStatements(dialect, 'runs', fields.byProperty.deletedAt)).toEqual(['ALTER TABLE runs ADD deleted_at bigint']);
    expect(addColumnStatements(dialect, 'runs', fields.byProperty.isPinned)).toEqual(['ALTER TABLE runs ADD is_pinned bit NOT NULL DEFAULT 0']);
  });

  it('refuses a field that is neither nullable nor has a default: existing rows would have no value', () => {
    expect(() => addColumnStatements(dialect, 'runs', fields.byProperty.note)).toThrow(MLOpsError);
    expect(() => addColumnStatements(dialect, 'runs', fields.byProperty.note)).toThrow(/defaultValue/);
  });
});
