import { runStatuses } from '../spec/v1/run.js';
import type { ExperimentAttributeName, FilterField, RunAttributeName } from '../spec/v1/filter-field.js';

/** What a search runs over: the runs of experiments, or the experiments themselves. */
export type SearchTarget = 'runs' | 'experiments';

/** The value type of a field: decides which operators and literals it accepts. */
export type FieldValueType = 'number' | 'string' | 'status';

interface AttributeSpec {
  type: FieldValueType;
  /** True when the attribute may be null (so IS NULL can match). */
  isNullable: boolean;
}

/** The attributes of runs, their types and nullability. */
export const runAttributes: Readonly<Record<RunAttributeName, AttributeSpec>> = {
  run_id: { type: 'string', isNullable: false },
  name: { type: 'string', isNullable: true },
  status: { type: 'status', isNullable: false },
  start_time: { type: 'number', isNullable: false },
  end_time: { type: 'number', isNullable: true },
  training_time: { type: 'number', isNullable: true },
  git_commit: { type: 'string', isNullable: true },
  parent_run_id: { type: 'string', isNullable: true },
};

/** The attributes of experiments. */
export const experimentAttributes: Readonly<Record<ExperimentAttributeName, AttributeSpec>> = {
  name: { type: 'string', isNullable: false },
  description: { type: 'string', isNullable: true },
  created_at: { type: 'number', isNullable: false },
};

// Other spellings people bring from MLflow; each maps to the canonical name.
const attributeAliases: Readonly<Record<SearchTarget, Readonly<Record<string, string>>>> = {
  runs: { run_name: 'name', id: 'run_id', training_time_ms: 'training_time' },
  experiments: { experiment_name: 'name', creation_time: 'created_at' },
};

const prefixes: Readonly<Record<string, FilterField['kind']>> = {
  metrics: 'metric',
  metric: 'metric',
  params: 'param',
  param: 'param',
  parameters: 'param',
  parameter: 'param',
  tags: 'tag',
  tag: 'tag',
  attributes: 'attribute',
  attribute: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  experiment: 'attribute',
};

/** The field kinds a target offers (experiments have no metrics or params). */
export function allowsFieldKind(target: SearchTarget, kind: FilterField['kind']): boolean {
  return target === 'runs' || kind === 'tag' || kind === 'attribute';
}

/** The field kind a prefix such as 'metrics' or 'tag' stands for, or undefined. */
export function fieldKindOfPrefix(prefix: string): FilterField['kind'] | undefined {
  const lower = prefix.toLowerCase();
  return Object.hasOwn(prefixes, lower) ? prefixes[lower] : undefined;
}

/** The canonical attribute name of a spelling, or undefined when the target has no such attribute. */
export function resolveAttributeName(target: SearchTarget, name: string): RunAttributeName | ExperimentAttributeName | undefined {
  const lower = name.toLowerCase();
  const attributes = attributesOf(target);
  const canonical = Object.hasOwn(attributeAliases[target], lower) ? attributeAliases[target][lower]! : lower;
  return Object.hasOwn(attributes, canonical) ? (canonical as RunAttributeName | ExperimentAttributeName) : undefined;
}

/** The attribute table of a target. */
export function attributesOf(target: SearchTarget): Readonly<Record<string, AttributeSpec>> {
  return target === 'runs' ? runAttributes : experimentAttributes;
}

/** The value type of a field (metrics are numbers, params and tags strings). */
export function valueTypeOf(target: SearchTarget, field: FilterField): FieldValueType {
  if (field.kind === 'metric') return 'number';
  if (field.kind === 'param' || field.kind === 'tag') return 'string';
  return attributesOf(target)[field.name]!.type;
}

/** The field as the language writes it, e.g. metrics.accuracy or attributes.status. */
export function describeField(field: FilterField): string {
  if (field.kind === 'attribute') return `attributes.${field.name}`;
  const prefix = field.kind === 'metric' ? 'metrics' : field.kind === 'param' ? 'params' : 'tags';
  return `${prefix}.${formatKey(field.key)}`;
}

/** A key as written after its prefix: bare when it needs no quotes, else in backquotes. */
export function formatKey(key: string): string {
  if (/^[\p{L}\p{N}_][\p{L}\p{N}_.\-/:]*$/u.test(key)) return key;
  return `\`${key.replace(/[\\`]/g, (char) => `\\${char}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}\``;
}

/** The run statuses, for messages. */
export const statusList = runStatuses.join(', ');
