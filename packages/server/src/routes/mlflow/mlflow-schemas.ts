import { limits, type LifecycleFilter, type RunStatus, type Tags } from '@mlops-ts/core';
import { Type, type Static } from 'typebox';
import { SafeInteger, withoutControlCharacters } from '../../schemas/common-schemas.js';
import { MlflowApiError } from './mlflow-errors.js';

// Request schemas of MLflow's messages. They leave out `additionalProperties: false` on
// purpose: MLflow's server ignores fields it does not know (clients newer than the server
// send some), and so does this one. Types are checked as MLflow's JSON parser checks them.

/** An int64 as proto JSON carries it: a number, or a string of digits. */
export const Int64 = Type.Union([SafeInteger, Type.String({ pattern: '^-?[0-9]{1,16}$' })], { description: 'An int64: a number or a string of digits.' });
export type Int64Value = Static<typeof Int64>;

/** A double as proto JSON carries it: a number, or "NaN", "Infinity", "-Infinity". */
export const Double = Type.Union([Type.Number(), Type.Literal('NaN'), Type.Literal('Infinity'), Type.Literal('-Infinity')]);

/** An id in a request: a short string without control characters. */
export const IdString = Type.String({ minLength: 1, maxLength: 200, pattern: withoutControlCharacters });

/** An experiment id: MLflow's server turns numbers into strings, so a number is taken too. */
export const ExperimentIdValue = Type.Union([IdString, Type.Integer({ minimum: 0 })]);

/**
 * A metric, param or tag key. `__proto__` is refused: keys become properties of the core's
 * records, where that one name would be dropped without a word.
 */
export const Key = Type.String({ minLength: 1, maxLength: limits.name, pattern: '^(?!__proto__$)[^\\u0000-\\u001f\\u007f-\\u009f]*$' });

/** A `{ key, value }` pair (RunTag, ExperimentTag, RegisteredModelTag, ModelVersionTag). */
export const TagMessage = Type.Object({ key: Key, value: Type.String({ maxLength: limits.tagValue }) });

/** A list of tags in a request. */
export const TagList = Type.Array(TagMessage, { maxItems: 1_000 });

/** A registered model's name. */
export const ModelName = Type.String({ minLength: 1, maxLength: limits.experimentName });

/** A version number as MLflow sends it: a string such as "3" (a number is taken too). */
export const VersionValue = Type.Union([Type.String({ pattern: '^[0-9]{1,15}$' }), Type.Integer({ minimum: 1 })]);

/** `ViewType`: by name or by number. */
export const ViewType = Type.Union([Type.Literal('ACTIVE_ONLY'), Type.Literal('DELETED_ONLY'), Type.Literal('ALL'), Type.Literal(1), Type.Literal(2), Type.Literal(3)]);

/** `RunStatus`: by name or by number. */
export const MlflowRunStatus = Type.Union(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED', 1, 2, 3, 4, 5].map((value) => Type.Literal(value)));

/** The run id fields of most run messages: `run_id`, or the deprecated `run_uuid`. */
export const RunIdFields = { run_id: Type.Optional(IdString), run_uuid: Type.Optional(IdString) };

/** A page token. */
export const PageToken = Type.String({ maxLength: 4_000 });

/** The number an int64 stands for. */
export function decodeInt64(value: Int64Value): number {
  return typeof value === 'number' ? value : Number(value);
}

/** The run id of a message that has `run_id` or `run_uuid`; INVALID_PARAMETER_VALUE when it has neither. */
export function runIdOf(message: { run_id?: string; run_uuid?: string }): string {
  const runId = message.run_id ?? message.run_uuid;
  if (runId === undefined || runId === '') throw new MlflowApiError('INVALID_PARAMETER_VALUE', "Missing value for required parameter 'run_id'. Send the id of the run.");
  return runId;
}

/** The core's lifecycle filter of a `ViewType` (default ACTIVE_ONLY). */
export function lifecycleOfViewType(viewType: Static<typeof ViewType> | undefined): LifecycleFilter {
  if (viewType === 'DELETED_ONLY' || viewType === 2) return 'deleted';
  if (viewType === 'ALL' || viewType === 3) return 'all';
  return 'active';
}

const statusNames = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;

/** The core's status of an MLflow `RunStatus`; SCHEDULED has none. */
export function coreRunStatus(status: Static<typeof MlflowRunStatus>): RunStatus {
  const name = typeof status === 'number' ? statusNames[status - 1]! : status;
  if (name === 'SCHEDULED') {
    throw new MlflowApiError('INVALID_PARAMETER_VALUE', 'Runs here are never SCHEDULED: a run is RUNNING from creation until it is FINISHED, FAILED or KILLED. Send one of those.');
  }
  return name.toLowerCase() as RunStatus;
}

/** The MLflow `RunStatus` name of a core status. */
export function mlflowRunStatus(status: RunStatus): string {
  return status.toUpperCase();
}

/** `{ key, value }` pairs as tags; a key given twice keeps its last value, as MLflow does. */
export function tagsOf(list: readonly { key: string; value: string }[] | undefined): Tags {
  const tags: Tags = {};
  for (const { key, value } of list ?? []) tags[key] = value;
  return tags;
}

/** Tags as `{ key, value }` pairs, sorted by key. */
export function tagListOf(tags: Tags): { key: string; value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ key, value: tags[key]! }));
}

/** A version number sent as a string; INVALID_PARAMETER_VALUE when it is not a positive whole number. */
export function versionNumberOf(version: Static<typeof VersionValue>): number {
  const number = typeof version === 'number' ? version : Number(version);
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new MlflowApiError('INVALID_PARAMETER_VALUE', `The version ${JSON.stringify(version)} is not a version number. Send a number such as "1", as a string.`);
  }
  return number;
}
