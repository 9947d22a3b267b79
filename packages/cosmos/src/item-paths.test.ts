import { runFields } from '@mlops-ts/core';
import { describe, expect, it } from 'vitest';
import { itemPath, projectionOf, searchablePaths } from './item-paths.js';

describe('item paths from the field registry', () => {
  it('reaches keyword-named properties through the member indexer', () => {
    expect(itemPath('c', 'startTime')).toBe('c.startTime');
    expect(itemPath('c', 'value')).toBe('c["value"]');
    expect(itemPath('c.record', 'Order')).toBe('c.record["Order"]');
  });

  it('projects every run field and finds searchable ones by filter name', () => {
    expect(projectionOf(runFields.fields, 'c')).toBe('c.id, c.experimentId, c.name, c.status, c.startTime, c.endTime, c.trainingTimeMs, c.gitCommit, c.parentRunId');
    const paths = searchablePaths(runFields.fields, 'c');
    expect(paths.get('training_time')).toEqual({ path: 'c.trainingTimeMs', isNumeric: true });
    expect(paths.get('run_id')).toEqual({ path: 'c.id', isNumeric: false });
    expect(paths.has('experimentId')).toBe(false);
  });
});
