import type { Experiment, Run } from '../spec/v1/index.js';
import type { FilterField } from '../spec/v1/filter-field.js';

/** Reads a filter field of a run: latest metric, param, tag or attribute; null when absent. */
export function readRunField(run: Run, field: FilterField): number | string | null {
  switch (field.kind) {
    case 'metric':
      return Object.hasOwn(run.metrics, field.key) ? run.metrics[field.key]! : null;
    case 'param':
      return Object.hasOwn(run.params, field.key) ? run.params[field.key]! : null;
    case 'tag':
      return Object.hasOwn(run.tags, field.key) ? run.tags[field.key]! : null;
    case 'attribute':
      switch (field.name) {
        case 'run_id':
          return run.id;
        case 'name':
          return run.name;
        case 'status':
          return run.status;
        case 'start_time':
          return run.startTime;
        case 'end_time':
          return run.endTime;
        case 'training_time':
          return run.trainingTimeMs;
        case 'git_commit':
          return run.gitCommit;
        case 'parent_run_id':
          return run.parentRunId;
        default:
          return null;
      }
  }
}

/** Reads a filter field of an experiment: a tag or attribute; null when absent. */
export function readExperimentField(experiment: Experiment, field: FilterField): number | string | null {
  switch (field.kind) {
    case 'tag':
      return Object.hasOwn(experiment.tags, field.key) ? experiment.tags[field.key]! : null;
    case 'attribute':
      switch (field.name) {
        case 'name':
          return experiment.name;
        case 'description':
          return experiment.description;
        case 'created_at':
          return experiment.createdAt;
        default:
          return null;
      }
    default:
      return null;
  }
}
