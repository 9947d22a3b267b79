import { lifecycleStages } from '../spec/v1/lifecycle-stage.js';
import { runStatuses, type RunInfo } from '../spec/v1/run.js';
import { defineFields } from './field-registry.js';

/** The persisted scalar fields of a run (tags, params and metrics live in tables of their own). */
export const runFields = defineFields<RunInfo>()('run', {
  id: { type: 'id', filter: { name: 'run_id', aliases: ['id'] } },
  experimentId: { type: 'id' },
  name: { type: 'text', isNullable: true, filter: { name: 'name', aliases: ['run_name'] } },
  status: { type: 'enum', values: runStatuses, filter: { name: 'status' } },
  startTime: { type: 'epoch-ms', filter: { name: 'start_time' } },
  endTime: { type: 'epoch-ms', isNullable: true, filter: { name: 'end_time' } },
  trainingTimeMs: { type: 'double', isNullable: true, filter: { name: 'training_time', aliases: ['training_time_ms'] } },
  gitCommit: { type: 'string', isNullable: true, filter: { name: 'git_commit' } },
  parentRunId: { type: 'id', isNullable: true, filter: { name: 'parent_run_id' } },
  lifecycleStage: { type: 'enum', values: lifecycleStages, defaultValue: 'active', filter: { name: 'lifecycle_stage' } },
  deletedAt: { type: 'epoch-ms', isNullable: true, filter: { name: 'deleted_at' } },
});
