import { LifecycleCatalog } from '@mlops-ts/core';

/** Whether this @mlops-ts/core has soft deletion, renames, experiment tags, purge and run comparison. */
export const hasLifecycleOperations = typeof (LifecycleCatalog.prototype as unknown as Record<string, unknown>).deleteRun === 'function';

if (!hasLifecycleOperations) {
  console.warn('SKIPPED: the tests of mlops experiments rename/tag/delete/restore, runs delete/restore/compare and purge: this @mlops-ts/core has no lifecycle.deleteRun() and the operations that come with it yet.');
}
