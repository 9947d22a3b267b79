import path from 'node:path';
import { downsampleMetricHistory } from '@mlops-ts/core';
import { awkwardMetricPoints } from '@mlops-ts/provider-tests';
import { SqlMetadataStore } from '@mlops-ts/sql';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SQLiteDatabase } from '../src/sqlite-database.js';
import { sqliteDialect } from '../src/sqlite-dialect.js';
import { createTempFolder, newExperiment, newRun } from './temp-database.js';

let temp: ReturnType<typeof createTempFolder>;
beforeEach(() => {
  temp = createTempFolder();
});
afterEach(() => temp.cleanup());

it('a dialect without lateral joins down-samples with its bucket queries combined by UNION ALL, as the core does', async () => {
  // SQLite's own dialect runs them one by one; a database with costly round-trips and no
  // lateral join combines `queriesPerStatement` of them. The real SQLite runs that form here.
  const dialect = { ...sqliteDialect, extremeMetricPointSql: undefined, capabilities: { ...sqliteDialect.capabilities, queriesPerStatement: 7 } };
  const file = path.join(temp.folder, 'mlops.db');
  const store = new SqlMetadataStore({
    providerId: 'sqlite',
    dialect,
    storeLabel: `The SQLite store for '${file}'`,
    databaseLabel: `The SQLite database '${file}'`,
    packageName: '@mlops-ts/sqlite',
    builderMethod: 'useSQLite()',
    open: () => SQLiteDatabase.open({ path: file, busyTimeoutMs: 1_000 }),
  });
  await store.connect();
  try {
    const experiment = newExperiment('iris');
    await store.createExperiment(experiment);
    const run = newRun(experiment.id);
    await store.createRun(run);
    await store.logMetrics(awkwardMetricPoints(run.id, 5_000));
    for (const maxPoints of [8, 60, 400]) {
      const full = await store.getMetricHistory(run.id, 'loss');
      expect(await store.getSampledMetricHistory(run.id, 'loss', {}, maxPoints)).toEqual(downsampleMetricHistory(full, maxPoints));
    }
  } finally {
    await store.close();
  }
});
