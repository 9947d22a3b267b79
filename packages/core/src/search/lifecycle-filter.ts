import { MLOpsError } from '../errors.js';
import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { LifecycleFilter, LifecycleStage } from '../spec/v1/lifecycle-stage.js';

const lifecycleFilters: readonly LifecycleFilter[] = ['active', 'deleted', 'all'];

/** Checks a `lifecycle` option; undefined is the default, `active`. */
export function checkLifecycleFilter(lifecycle: unknown): LifecycleFilter {
  if (lifecycle === undefined) return 'active';
  if (typeof lifecycle !== 'string' || !lifecycleFilters.includes(lifecycle as LifecycleFilter)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The lifecycle option ${JSON.stringify(lifecycle)} is not one of ${lifecycleFilters.join(', ')}. Pass e.g. { lifecycle: 'deleted' } to see deleted items.`);
  }
  return lifecycle as LifecycleFilter;
}

/** Whether an item in `stage` belongs to a list of `lifecycle` (default `active`). */
export function isInLifecycle(stage: LifecycleStage, lifecycle: LifecycleFilter = 'active'): boolean {
  return lifecycle === 'all' || stage === lifecycle;
}

/** Whether a filter names `attributes.lifecycle_stage` anywhere. */
export function namesLifecycleStage(filter: FilterExpression | undefined): boolean {
  if (filter === undefined) return false;
  if (filter.kind === 'and' || filter.kind === 'or') return filter.operands.some(namesLifecycleStage);
  return filter.field.kind === 'attribute' && filter.field.name === 'lifecycle_stage';
}

/**
 * The filter of a search that keeps only items of `lifecycle`: the user's filter AND
 * `attributes.lifecycle_stage = '<stage>'`. Every store compiles that attribute natively
 * (it is a field of the registry), so leaving deleted items out costs no store code.
 */
export function withLifecycleFilter(filter: FilterExpression | undefined, lifecycle: LifecycleFilter): FilterExpression | undefined {
  if (lifecycle === 'all') return filter;
  const stage: FilterExpression = { kind: 'comparison', field: { kind: 'attribute', name: 'lifecycle_stage' }, operator: '=', value: lifecycle };
  if (filter === undefined) return stage;
  return { kind: 'and', operands: [filter, stage] };
}

/**
 * The lifecycle a search covers: the one asked for, or, when none was and the filter
 * itself names `lifecycle_stage`, every stage (the filter decides).
 */
export function searchLifecycle(lifecycle: unknown, filter: FilterExpression | undefined): LifecycleFilter {
  if (lifecycle === undefined && namesLifecycleStage(filter)) return 'all';
  return checkLifecycleFilter(lifecycle);
}
