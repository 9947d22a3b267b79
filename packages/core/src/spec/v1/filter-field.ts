import type { experimentFields } from '../../fields/experiment-fields.js';
import type { FilterNameOf } from '../../fields/field-registry.js';
import type { runFields } from '../../fields/run-fields.js';
import type { modelVersionFields } from '../../fields/model-version-fields.js';
import type { registeredModelFields } from '../../fields/registered-model-fields.js';

/**
 * The attributes a run filter or order may name (`attributes.<name>`): the searchable
 * fields of the run field registry (`runFields`), which says each one's type and
 * nullability. `status` is one of the run statuses, `start_time`, `end_time` and
 * `training_time` are numbers (epoch milliseconds, milliseconds), the rest are strings;
 * `name`, `end_time`, `training_time`, `git_commit` and `parent_run_id` may be null.
 */
export type RunAttributeName = FilterNameOf<(typeof runFields)['definitions']>;

/**
 * The attributes an experiment filter or order may name: the searchable fields of
 * `experimentFields`, i.e. `name` (string, never null), `description` (string or null)
 * and `created_at` (number, epoch milliseconds).
 */
export type ExperimentAttributeName = FilterNameOf<(typeof experimentFields)['definitions']>;

/**
 * The attributes a model version filter or order may name: the searchable fields of
 * `modelVersionFields` (`name` of the registered model, `version`, `run_id`,
 * `registered_by`, `registered_at`, `description` …) and `alias`, which matches the
 * version's aliases (`alias = 'champion'` holds when one of them is 'champion'; `!=` and
 * NOT IN when none is; IS NULL when it has none). `alias` cannot be sorted by.
 */
export type ModelVersionAttributeName = FilterNameOf<(typeof modelVersionFields)['definitions']> | 'alias';

/** The attributes a registered model filter or order may name: `name`, `description`, `created_at`, `updated_at`. */
export type RegisteredModelAttributeName = FilterNameOf<(typeof registeredModelFields)['definitions']>;

/** A position range in the filter or order-by text: 0-based offsets, `end` exclusive. */
export interface SourceSpan {
  /** Offset of the first character (0-based, UTF-16 code units, as `String.prototype.slice`). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/**
 * What a filter or order term reads from a run or experiment.
 *
 * - `metric`: the run's latest value of metric `key` (a number; NaN and ±Infinity possible).
 * - `param`: the run's hyper-parameter `key` (a string).
 * - `tag`: the tag `key` of the run or experiment (a string).
 * - `attribute`: a column of the run or experiment itself, see `RunAttributeName` and
 *   `ExperimentAttributeName`.
 *
 * A metric, param or tag key may hold any character; a compiler binds it as a parameter
 * and never writes it into query text.
 */
export type FilterField =
  | {
      /** The latest value of a metric (a number). */
      kind: 'metric';
      /** The metric's name, exactly as logged. */
      key: string;
      /** Where the field was written, when parsed from text. */
      span?: SourceSpan;
    }
  | {
      /** A hyper-parameter (a string). */
      kind: 'param';
      /** The parameter's name, exactly as logged. */
      key: string;
      /** Where the field was written, when parsed from text. */
      span?: SourceSpan;
    }
  | {
      /** A tag (a string). */
      kind: 'tag';
      /** The tag's key. */
      key: string;
      /** Where the field was written, when parsed from text. */
      span?: SourceSpan;
    }
  | {
      /** A column of the run or experiment. */
      kind: 'attribute';
      /** The attribute, in the snake_case spelling of the filter language. */
      name: RunAttributeName | ExperimentAttributeName | ModelVersionAttributeName | RegisteredModelAttributeName;
      /** Where the field was written, when parsed from text. */
      span?: SourceSpan;
    };
