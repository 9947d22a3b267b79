import { existsSync } from 'node:fs';
import path from 'node:path';
import { MLOpsBuilder } from '@mlops-ts/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLiteMetadataStore } from '../src/index.js';
import { createTempFolder } from './temp-database.js';

let temp: ReturnType<typeof createTempFolder>;
let originalCwd: string;

beforeEach(() => {
  temp = createTempFolder();
  originalCwd = process.cwd();
});

afterEach(() => {
  process.chdir(originalCwd);
  temp.cleanup();
});

describe('useSQLite()', () => {
  it('builds a context whose metadata lives in the given SQLite file', async () => {
    const databasePath = path.join(temp.folder, 'nested', 'mlops.db');
    const mlops = await new MLOpsBuilder().useSQLite(databasePath).useLocalFileModelRepository(path.join(temp.folder, 'models')).build();
    try {
      expect(mlops.metadataStore).toBeInstanceOf(SQLiteMetadataStore);
      const run = await mlops.lifecycle.createRun('iris');
      await mlops.evaluation.logMetric(run.id, 'accuracy', 0.9);
      expect((await mlops.lifecycle.getRun(run.id)).metrics).toEqual({ accuracy: 0.9 });
    } finally {
      await mlops.close();
    }
    expect(existsSync(databasePath)).toBe(true);
  });

  it('defaults to ./mlops/mlops.db, creating the folder', async () => {
    process.chdir(temp.folder);
    const mlops = await new MLOpsBuilder().useSQLite().useLocalFileModelRepository().build();
    await mlops.lifecycle.createExperiment('iris');
    await mlops.close();
    expect(existsSync(path.join(temp.folder, 'mlops', 'mlops.db'))).toBe(true);

    const again = await new MLOpsBuilder().useSQLite({ path: 'mlops/mlops.db', busyTimeoutMs: 1_000 }).useLocalFileModelRepository().build();
    expect((await again.lifecycle.getExperiments()).map((experiment) => experiment.name)).toEqual(['iris']);
    await again.close();
  });

  it('refuses a misspelt option instead of ignoring it (INVALID_ARGUMENT naming the option it resembles)', () => {
    const call = () => new MLOpsBuilder().useSQLite({ pth: 'elsewhere.db' } as never);
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("no option 'pth' (did you mean 'path'?)") }));
  });

  it('takes an options object with a busy timeout', async () => {
    const databasePath = path.join(temp.folder, 'mlops.db');
    const store = new SQLiteMetadataStore({ path: databasePath, busyTimeoutMs: 250 });
    const mlops = await new MLOpsBuilder().useMetadataStore(store).useLocalFileModelRepository(path.join(temp.folder, 'models')).build();
    expect(mlops.metadataStore.providerId).toBe('sqlite');
    await mlops.close();
  });
});
