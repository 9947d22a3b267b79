import { limits, type EntityField } from '@mlops-ts/core';
import { Type, type TSchema } from 'typebox';
import { EpochMs, SafeInteger, uuidPattern, withoutControlCharacters } from './common-schemas.js';
import { JsonFloat } from './json-float.js';

/**
 * `input`: what a client may send, with the core's limits (ids as UUIDs, names without
 * control characters). `output`: what the server answers, typed only, so a value stored by
 * an older release still serializes.
 */
export type SchemaMode = 'input' | 'output';

/** The JSON schema of one registry field. */
function fieldSchema(field: EntityField, mode: SchemaMode): TSchema {
  const schema = valueSchema(field, mode);
  return field.isNullable ? Type.Union([schema, Type.Null()]) : schema;
}

function valueSchema(field: EntityField, mode: SchemaMode): TSchema {
  const strict = mode === 'input';
  switch (field.type) {
    case 'id':
      return strict ? Type.String({ pattern: uuidPattern }) : Type.String();
    case 'string':
      return strict ? Type.String({ minLength: 1, maxLength: limits.name, pattern: withoutControlCharacters }) : Type.String();
    case 'name':
      return strict ? Type.String({ minLength: 1, maxLength: limits.experimentName, pattern: withoutControlCharacters }) : Type.String();
    case 'path':
      return strict ? Type.String({ minLength: 1, maxLength: limits.artifactName }) : Type.String();
    case 'text':
      return strict ? Type.String({ maxLength: limits.tagValue }) : Type.String();
    case 'enum':
      return Type.Union(field.values!.map((value) => Type.Literal(value)));
    case 'integer':
      return strict ? SafeInteger : Type.Integer();
    case 'epoch-ms':
      return strict ? EpochMs : Type.Integer();
    case 'double':
      return JsonFloat;
    case 'boolean':
      return Type.Boolean();
  }
}

/** What this module reads of a core field registry (`runFields`, `experimentFields` …). */
export interface FieldRegistryLike {
  readonly fields: readonly EntityField[];
  readonly defaults: object;
}

/** Options of `entitySchema`. */
export interface EntitySchemaOptions {
  /** Properties beside the registry's scalar fields (tags, structured values). */
  extra?: Record<string, TSchema>;
  /** Input properties the client may leave out (the server fills them), besides the registry's defaulted fields. */
  optional?: readonly string[];
  /** Every property may be left out (an update). */
  isPartial?: boolean;
  /** Registry fields left out of the schema (a value the server sets itself or a path parameter gives). */
  omit?: readonly string[];
  /** The schema's description in the OpenAPI document. */
  description?: string;
}

/**
 * The JSON schema of an entity, its scalar fields derived from the core's field registry,
 * so a field added to the registry is accepted and answered without a change here.
 * Input schemas refuse unknown properties; fields with a default (nullable ones: null) may
 * be left out and get that default in `withDefaults`.
 */
export function entitySchema(registry: FieldRegistryLike, mode: SchemaMode, options: EntitySchemaOptions = {}): TSchema {
  const properties: Record<string, TSchema> = {};
  const omitted = new Set(options.omit ?? []);
  const optional = new Set(options.optional ?? []);
  for (const field of registry.fields) {
    if (omitted.has(field.property)) continue;
    const schema = fieldSchema(field, mode);
    const isOptional = mode === 'input' && (options.isPartial === true || optional.has(field.property) || field.isNullable || field.defaultValue !== null);
    properties[field.property] = isOptional ? Type.Optional(schema) : schema;
  }
  for (const [property, schema] of Object.entries(options.extra ?? {})) {
    properties[property] = mode === 'input' && optional.has(property) ? Type.Optional(schema) : schema;
  }
  return Type.Object(properties, {
    ...(mode === 'input' ? { additionalProperties: false } : {}),
    ...(options.description === undefined ? {} : { description: options.description }),
  });
}

/** `input` with each registry field it lacks set to the field's default (null for nullable fields). */
export function withDefaults<Record extends object>(registry: FieldRegistryLike, input: object): Record {
  return { ...registry.defaults, ...input } as Record;
}
