import type { RunStatus } from './run.js';

/** Fields of a run that change after it is created; undefined leaves a field as it is. */
export interface RunUpdate {
  status?: RunStatus;
  /** Epoch milliseconds. */
  endTime?: number | null;
  trainingTimeMs?: number | null;
}
