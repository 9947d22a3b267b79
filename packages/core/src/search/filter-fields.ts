import { experimentFields } from '../fields/experiment-fields.js';
import { valueKindOf } from '../fields/field-definition.js';
import type { EntityField } from '../fields/field-registry.js';
import { runFields } from '../fields/run-fields.js';
import { modelVersionFields } from '../fields/model-version-fields.js';
import { registeredModelFields } from '../fields/registered-model-fields.js';
import type { ExperimentAttributeName, FilterField, RunAttributeName } from '../spec/v1/filter-field.js';

/** What a search runs over: the runs of experiments, the experiments themselves, model versions or registered models. */
export type SearchTarget = 'runs' | 'experiments' | 'model-versions' | 'registered-models';

/** The value type of a field: decides which operators and literals it accepts. */
export type FieldValueType = 'number' | 'string' | 'enum';

/** A searchable attribute, as the filter language sees it. */
export interface AttributeSpec {
  type: FieldValueType;
  /** The allowed values of an enum attribute. */
  values: readonly string[] | undefined;
  /** True when the attribute may be null (so IS NULL can match). */
  isNullable: boolean;
  /** Whether orderBy may name it. */
  isSortable: boolean;
  /** The entity's property holding the value. */
  property: string;
  /** What one value is called in messages, e.g. 'status' or 'run status'. */
  valueNoun: string;
  /** The same, with the entity: 'run status'. */
  entityValueNoun: string;
}

/** The search tables of a field registry, by canonical filter name. */
function attributesFrom(entity: string, fields: readonly EntityField[]): Record<string, AttributeSpec> {
  const attributes: Record<string, AttributeSpec> = {};
  for (const field of fields) {
    if (!field.filter) continue;
    const valueNoun = field.property.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
    attributes[field.filter.name] = {
      type: field.type === 'enum' ? 'enum' : valueKindOf(field.type) === 'number' ? 'number' : 'string',
      values: field.values,
      isNullable: field.isNullable,
      isSortable: field.filter.isSortable,
      property: field.property,
      valueNoun,
      entityValueNoun: `${entity} ${valueNoun}`,
    };
  }
  return attributes;
}

/** The attributes of runs, from the run field registry. */
export const runAttributes = attributesFrom(runFields.entity, runFields.fields) as Readonly<Record<RunAttributeName, AttributeSpec>>;

/** The attributes of experiments, from the experiment field registry. */
export const experimentAttributes = attributesFrom(experimentFields.entity, experimentFields.fields) as Readonly<Record<ExperimentAttributeName, AttributeSpec>>;

/**
 * The attributes of model versions, from the model version field registry, and `alias`:
 * not a field but the version's aliases, matched by the registry search as a set.
 */
export const modelVersionAttributes: Readonly<Record<string, AttributeSpec>> = {
  ...attributesFrom(modelVersionFields.entity, modelVersionFields.fields),
  alias: { type: 'string', values: undefined, isNullable: true, isSortable: false, property: 'aliases', valueNoun: 'alias', entityValueNoun: 'model version alias' },
};

/** The attributes of registered models, from the registered model field registry. */
export const registeredModelAttributes = attributesFrom(registeredModelFields.entity, registeredModelFields.fields);

// Other spellings people bring from MLflow; each maps to the canonical name.
const attributeAliases: Readonly<Record<SearchTarget, Readonly<Record<string, string>>>> = {
  runs: runFields.filterAliases,
  experiments: experimentFields.filterAliases,
  'model-versions': { ...modelVersionFields.filterAliases, aliases: 'alias' },
  'registered-models': registeredModelFields.filterAliases,
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
  if (target === 'model-versions') return modelVersionAttributes;
  if (target === 'registered-models') return registeredModelAttributes;
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
