import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Experiment, RunInfo } from '@mlops-ts/core';
import { newExperimentRecord, newRunRecord } from '@mlops-ts/provider-tests';
import { SQLiteMetadataStore } from '../src/index.js';

/** A fresh temporary folder, removed by `cleanup()`. */
export function createTempFolder(): { folder: string; cleanup: () => void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlops-sqlite-'));
  return { folder, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

/** An experiment record as the core would pass it to the store. */
export function newExperiment(name: string, createdAt = Date.now()): Experiment {
  return newExperimentRecord({ name, createdAt });
}

/** A running run record as the core would pass it to the store. */
export function newRun(experimentId: string, overrides: Partial<RunInfo> = {}): RunInfo {
  return newRunRecord({ experimentId, ...overrides });
}

/** A connected store on a new file in `folder`. */
export async function openStore(folder: string, fileName = 'mlops.db'): Promise<SQLiteMetadataStore> {
  const store = new SQLiteMetadataStore({ path: path.join(folder, fileName) });
  await store.connect();
  return store;
}
