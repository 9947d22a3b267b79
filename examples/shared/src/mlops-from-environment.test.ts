import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMLOpsFromEnvironment } from './mlops-from-environment.js';

describe('buildMLOpsFromEnvironment', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'mlops-example-support-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('builds the store MLOPS_STORE names with the models folder MLOPS_MODELS_DIR names, and says so', async () => {
    const modelsDir = path.join(folder, 'models');
    const { mlops, description } = await buildMLOpsFromEnvironment({ MLOPS_STORE: 'memory', MLOPS_MODELS_DIR: modelsDir });
    try {
      expect(description).toBe(`in-memory store, files ${modelsDir}`);
      const run = await mlops.lifecycle.withRun('environment-test', async (run) => run);
      expect((await mlops.lifecycle.getRun(run.id)).status).toBe('finished');
    } finally {
      await mlops.close();
    }
  });

  it('uses SQLite at MLOPS_SQLITE_PATH when only the path is set', async () => {
    const database = path.join(folder, 'other.db');
    const { mlops, description } = await buildMLOpsFromEnvironment({ MLOPS_SQLITE_PATH: database, MLOPS_MODELS_DIR: path.join(folder, 'models') });
    await mlops.close();
    expect(description).toBe(`SQLite ${database}, files ${path.join(folder, 'models')}`);
    expect(existsSync(database)).toBe(true);
  });

  it('rejects a store it does not know with INVALID_ARGUMENT, naming it', async () => {
    await expect(buildMLOpsFromEnvironment({ MLOPS_STORE: 'mongodb' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'mongodb'") });
  });
});
