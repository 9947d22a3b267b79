import type { DataSet } from '../spec/v1/data-set.js';
import { defineFields } from './field-registry.js';

/** The persisted scalar fields of a data set (its columns and distributions are structured values). */
export const dataSetFields = defineFields<DataSet>()('data set', {
  id: { type: 'id' },
  runId: { type: 'id' },
  name: { type: 'string' },
  sha256: { type: 'string' },
  rowCount: { type: 'integer' },
  createdAt: { type: 'epoch-ms' },
});
