import type { LifecycleStage } from './lifecycle-stage.js';
import type { RunStatus } from './run.js';

/**
 * Fields of a run that change after it is created; undefined leaves a field as it is.
 * An update of a deleted run is refused with CONFLICT (`storeErrors.runDeleted`) unless
 * it sets `lifecycleStage`.
 */
export interface RunUpdate {
  status?: RunStatus;
  /** Epoch milliseconds. */
  endTime?: number | null;
  trainingTimeMs?: number | null;
  /** A display name, or null to clear it. */
  name?: string | null;
  /** `deleted` to soft-delete the run, `active` to restore it. */
  lifecycleStage?: LifecycleStage;
  /** When it was deleted (epoch milliseconds), or null when restored. */
  deletedAt?: number | null;
}
