import { describe, expectTypeOf, it } from 'vitest';
import type { ExperimentAttributeName, RunAttributeName } from '../spec/v1/filter-field.js';
import { defineFields } from './field-registry.js';

type Stage = 'active' | 'deleted';
interface Entity {
  id: string;
  count: number;
  note: string | null;
  stage: Stage;
  isDone: boolean;
  tags: Record<string, string>;
}

describe('defineFields', () => {
  it('accepts one fitting definition per scalar property, and leaves tags out', () => {
    const fields = defineFields<Entity>()('entity', {
      id: { type: 'id', filter: { name: 'entity_id' } },
      count: { type: 'integer', filter: { name: 'count' } },
      note: { type: 'text', isNullable: true },
      stage: { type: 'enum', values: ['active', 'deleted'], defaultValue: 'active', filter: { name: 'stage' } },
      isDone: { type: 'boolean' },
    });
    expectTypeOf(fields.byProperty.stage.property).toEqualTypeOf<'stage'>();
    expectTypeOf<keyof typeof fields.byFilterName>().toEqualTypeOf<'entity_id' | 'count' | 'stage'>();
    expectTypeOf(fields.defaults).toEqualTypeOf<{ readonly note: string | null; readonly stage: Stage }>();
  });

  it('refuses a scalar property without a definition', () => {
    // @ts-expect-error isDone has no definition
    defineFields<Entity>()('entity', { id: { type: 'id' }, count: { type: 'integer' }, note: { type: 'text', isNullable: true }, stage: { type: 'enum', values: ['active'] } });
  });

  it('refuses a definition of a property the entity does not have', () => {
    defineFields<Entity>()('entity', {
      id: { type: 'id' },
      count: { type: 'integer' },
      note: { type: 'text', isNullable: true },
      stage: { type: 'enum', values: ['active'] },
      isDone: { type: 'boolean' },
      // @ts-expect-error the entity has no property 'other'
      other: { type: 'id' },
    });
  });

  it('refuses a type that does not fit the property', () => {
    defineFields<Entity>()('entity', {
      // @ts-expect-error a string property cannot be an integer field
      id: { type: 'integer' },
      count: { type: 'integer' },
      note: { type: 'text', isNullable: true },
      stage: { type: 'enum', values: ['active'] },
      isDone: { type: 'boolean' },
    });
    defineFields<Entity>()('entity', {
      id: { type: 'id' },
      // @ts-expect-error a number property cannot be a text field
      count: { type: 'text' },
      note: { type: 'text', isNullable: true },
      stage: { type: 'enum', values: ['active'] },
      isDone: { type: 'boolean' },
    });
    defineFields<Entity>()('entity', {
      id: { type: 'id' },
      count: { type: 'integer' },
      note: { type: 'text', isNullable: true },
      // @ts-expect-error 'archived' is not a Stage
      stage: { type: 'enum', values: ['active', 'archived'] },
      isDone: { type: 'boolean' },
    });
  });

  it('refuses a wrong nullability either way', () => {
    defineFields<Entity>()('entity', {
      id: { type: 'id' },
      count: { type: 'integer' },
      // @ts-expect-error note may be null, so the definition must say isNullable: true
      note: { type: 'text' },
      stage: { type: 'enum', values: ['active'] },
      isDone: { type: 'boolean' },
    });
    defineFields<Entity>()('entity', {
      // @ts-expect-error id is never null
      id: { type: 'id', isNullable: true },
      count: { type: 'integer' },
      note: { type: 'text', isNullable: true },
      stage: { type: 'enum', values: ['active'] },
      isDone: { type: 'boolean' },
    });
  });

  it('refuses a filter on a boolean and a default of the wrong type', () => {
    defineFields<Entity>()('entity', {
      id: { type: 'id' },
      // @ts-expect-error a count's default is a number
      count: { type: 'integer', defaultValue: 'none' },
      note: { type: 'text', isNullable: true },
      stage: { type: 'enum', values: ['active'] },
      // @ts-expect-error booleans are not searchable
      isDone: { type: 'boolean', filter: { name: 'is_done' } },
    });
  });
});

describe('attribute names of the filter language', () => {
  it('derive from the searchable fields of the run and experiment registries', () => {
    expectTypeOf<'run_id' | 'name' | 'status' | 'start_time' | 'end_time' | 'training_time' | 'git_commit' | 'parent_run_id'>().toExtend<RunAttributeName>();
    expectTypeOf<'name' | 'description' | 'created_at'>().toExtend<ExperimentAttributeName>();
    // Fields without a filter name are not attributes; aliases are not names of their own.
    expectTypeOf<'experiment_id'>().not.toExtend<RunAttributeName>();
    expectTypeOf<'run_name'>().not.toExtend<RunAttributeName>();
    expectTypeOf<'id'>().not.toExtend<ExperimentAttributeName>();
  });
});
