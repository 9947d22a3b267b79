import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uuidv7, type Experiment, type RunInfo } from '@mlops-ts/core';
import { SQLiteMetadataStore } from '../src/index.js';

/** A fresh temporary folder, removed by `cleanup()`. */
export function createTempFolder(): { folder: string; cleanup: () => void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlops-sqlite-'));
  return { folder, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

/** An experiment record as the core would pass it to the store. */
export function newExperiment(name: string, createdAt = Date.now()): Experiment {
  return { id: uuidv7(), name, description: null, tags: {}, createdAt };
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

/** A connected store on a new file in `folder`. */
export async function openStore(folder: string, fileName = 'mlops.db'): Promise<SQLiteMetadataStore> {
  const store = new SQLiteMetadataStore({ path: path.join(folder, fileName) });
  await store.connect();
  return store;
}
