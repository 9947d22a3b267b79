import type { Experiment } from '../spec/v1/experiment.js';
import type { FilterField } from '../spec/v1/filter-field.js';
import type { Run } from '../spec/v1/run.js';
import { experimentAttributes, runAttributes, type AttributeSpec } from './filter-fields.js';

/** The value of an attribute: the entity's property the field registry names, or null for an unknown name. */
function readAttribute(attributes: Readonly<Record<string, AttributeSpec>>, entity: object, name: string): number | string | null {
  if (!Object.hasOwn(attributes, name)) return null;
  return (entity as Record<string, number | string | null>)[attributes[name]!.property] ?? null;
}

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
      return readAttribute(runAttributes, run, field.name);
  }
}

/** Reads a filter field of an experiment: a tag or attribute; null when absent. */
export function readExperimentField(experiment: Experiment, field: FilterField): number | string | null {
  switch (field.kind) {
    case 'tag':
      return Object.hasOwn(experiment.tags, field.key) ? experiment.tags[field.key]! : null;
    case 'attribute':
      return readAttribute(experimentAttributes, experiment, field.name);
    default:
      return null;
  }
}
