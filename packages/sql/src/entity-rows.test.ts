import { deploymentTargetFields, runFields } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { columnValues, insertSql, mapRow, selectList } from './entity-rows.js';

describe('rows from the field registry', () => {
  it('converts 64-bit integers that drivers return as strings, and keeps nulls', () => {
    const row = { id: 'r', experiment_id: 'e', name: null, status: 'finished', start_time: '1700000000000', end_time: null, training_time_ms: '12.5', git_commit: 'abc', parent_run_id: null };
    expect(mapRow(runFields, row)).toEqual({
      id: 'r',
      experimentId: 'e',
      name: null,
      status: 'finished',
      startTime: 1_700_000_000_000,
      endTime: null,
      trainingTimeMs: 12.5,
      gitCommit: 'abc',
      parentRunId: null,
    });
  });

  it('reads flags stored as 0/1 or as booleans (SQL Server bit), and binds them as 0/1', () => {
    for (const stored of [1, true, '1']) expect(mapRow(deploymentTargetFields, { id: 't', name: 'Prod', is_production: stored, created_at: 5 }).isProduction).toBe(true);
    for (const stored of [0, false, '0']) expect(mapRow(deploymentTargetFields, { id: 't', name: 'Test', is_production: stored, created_at: 5 }).isProduction).toBe(false);
    expect(columnValues(deploymentTargetFields, { id: 't', name: 'Prod', isProduction: true, createdAt: 5 })).toEqual(['t', 'Prod', 1, 5]);
  });

  it('lists every column of the registry in one order for SELECT, INSERT and values', () => {
    expect(selectList(runFields, 'r')).toBe('r.id, r.experiment_id, r.name, r.status, r.start_time, r.end_time, r.training_time_ms, r.git_commit, r.parent_run_id');
    expect(insertSql('deployment_targets', deploymentTargetFields)).toBe('INSERT INTO deployment_targets (id, name, is_production, created_at) VALUES (?, ?, ?, ?)');
  });
});
