import type { Experiment, RunInfo } from '@mlops-ts/core';
import { newExperimentRecord, newRunRecord } from '@mlops-ts/provider-tests';

/** An experiment record as the core would pass it to the store. */
export function newExperiment(name: string, overrides: Partial<Experiment> = {}): Experiment {
  return newExperimentRecord({ name, ...overrides });
}

/** A running run record as the core would pass it to the store. */
export function newRun(experimentId: string, overrides: Partial<RunInfo> = {}): RunInfo {
  return newRunRecord({ experimentId, ...overrides });
}
