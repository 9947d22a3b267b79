/** Every lifecycle stage of an experiment or run. */
export const lifecycleStages = ['active', 'deleted'] as const;

/**
 * Whether an experiment or run is in use (`active`) or soft-deleted (`deleted`): deleted
 * items are left out of lists and searches unless asked for, can be restored, and are
 * removed for good by `lifecycle.purge`.
 */
export type LifecycleStage = (typeof lifecycleStages)[number];

/** Which items a list or search returns: `active` (the default), `deleted`, or `all`. */
export type LifecycleFilter = LifecycleStage | 'all';

/** Options of the store's lists that can include deleted items. */
export interface LifecycleListOptions {
  /** Which items to return; default `active`. */
  lifecycle?: LifecycleFilter;
}
