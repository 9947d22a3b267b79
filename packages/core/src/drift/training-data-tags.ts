import type { Tags } from '../spec/v1/index.js';
import { MLOpsError } from '../errors.js';
import { describe, validateName } from '../validation.js';

/**
 * Reserved tags of a model version that say which data it was trained on, for drift
 * monitoring: the data set of the version's run, the columns the model's inputs hold (in
 * input order), and the column its first output predicts.
 */
export const trainingDataTags = Object.freeze({ dataSet: 'mlops.data_set', features: 'mlops.features', label: 'mlops.label' });

/** What a version's training-data tags say. */
export interface TrainingDataOfVersion {
  /** The data set of the version's run the model was trained on. */
  dataSet?: string;
  /** The data set's columns the model's input values hold, in order. */
  features?: string[];
  /** The data set's column the model's first single-valued output predicts. */
  label?: string;
}

/**
 * The reserved tags for `registerModel`'s `dataSet`, `features` and `label` options.
 * @throws MLOpsError INVALID_ARGUMENT for a name that is not one, or features that are not a list of names
 */
export function trainingDataTagsOf(options: TrainingDataOfVersion): Tags {
  const tags: Tags = {};
  if (options.dataSet !== undefined) tags[trainingDataTags.dataSet] = validateName('data set name', options.dataSet);
  if (options.label !== undefined) tags[trainingDataTags.label] = validateName('label column', options.label);
  if (options.features !== undefined) {
    if (!Array.isArray(options.features) || options.features.length === 0) {
      throw new MLOpsError('INVALID_ARGUMENT', `The features ${describe(options.features)} are not a non-empty list of column names. Pass e.g. { features: ['age', 'income'] }.`);
    }
    for (const feature of options.features) validateName('feature name', feature);
    tags[trainingDataTags.features] = JSON.stringify(options.features);
  }
  return tags;
}

/** Reads the training-data tags of a version; a malformed features tag reads as absent. */
export function readTrainingDataTags(tags: Tags): TrainingDataOfVersion {
  const read: TrainingDataOfVersion = {};
  if (tags[trainingDataTags.dataSet]) read.dataSet = tags[trainingDataTags.dataSet];
  if (tags[trainingDataTags.label]) read.label = tags[trainingDataTags.label];
  const features = tags[trainingDataTags.features];
  if (features) {
    try {
      const parsed: unknown = JSON.parse(features);
      if (Array.isArray(parsed) && parsed.every((name) => typeof name === 'string')) read.features = parsed;
    } catch {
      // Set by hand to something else: no mapping rather than a broken monitor.
    }
  }
  return read;
}
