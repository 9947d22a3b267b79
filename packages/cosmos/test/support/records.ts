import { uuidv7, type Experiment, type RunInfo } from '@mlops-ts/core';

/** An experiment record as the core would pass it to the store. */
export function newExperiment(name: string, overrides: Partial<Experiment> = {}): Experiment {
  return { id: uuidv7(), name, description: null, tags: {}, createdAt: Date.now(), ...overrides };
}

/** A running run record as the core would pass it to the store. */
export function newRun(experimentId: string, overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    id: uuidv7(),
    experimentId,
    name: null,
    status: 'running',
    startTime: Date.now(),
    endTime: null,
    trainingTimeMs: null,
    gitCommit: null,
    parentRunId: null,
    tags: {},
    ...overrides,
  };
}
