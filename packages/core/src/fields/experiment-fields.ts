import type { Experiment } from '../spec/v1/experiment.js';
import { lifecycleStages } from '../spec/v1/lifecycle-stage.js';
import { defineFields } from './field-registry.js';

/** The persisted scalar fields of an experiment (tags live in a table of their own). */
export const experimentFields = defineFields<Experiment>()('experiment', {
  id: { type: 'id' },
  name: { type: 'name', filter: { name: 'name', aliases: ['experiment_name'] } },
  description: { type: 'text', isNullable: true, filter: { name: 'description' } },
  createdAt: { type: 'epoch-ms', filter: { name: 'created_at', aliases: ['creation_time'] } },
  lifecycleStage: { type: 'enum', values: lifecycleStages, defaultValue: 'active', filter: { name: 'lifecycle_stage' } },
  deletedAt: { type: 'epoch-ms', isNullable: true, filter: { name: 'deleted_at' } },
});
