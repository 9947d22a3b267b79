import type { FieldDefinitions, FieldType, NoUndeclaredProperties, ScalarFieldsOf } from './field-definition.js';

/** A searchable field as the filter language sees it. */
export interface EntityFieldFilter {
  /** The canonical name (`attributes.<name>`). */
  readonly name: string;
  /** Other accepted spellings, lower-case. */
  readonly aliases: readonly string[];
  /** Whether `orderBy` may name it. */
  readonly isSortable: boolean;
}

/** One persisted scalar field of an entity, resolved from its definition. */
export interface EntityField<Property extends string = string> {
  /** The entity's property, e.g. 'startTime'. */
  readonly property: Property;
  /** How the value is typed, stored and compared. */
  readonly type: FieldType;
  /** The allowed values of an `enum` field; undefined for other types. */
  readonly values: readonly string[] | undefined;
  /** Whether the value may be null. */
  readonly isNullable: boolean;
  /** The SQL column, e.g. 'start_time'. */
  readonly column: string;
  /** The value of rows and items stored before the field existed (null when none is defined). */
  readonly defaultValue: string | number | boolean | null;
  /** How the filter language names it; undefined when it is not searchable. */
  readonly filter: EntityFieldFilter | undefined;
}

/** The filter-language names of the searchable fields of a set of definitions. */
export type FilterNameOf<Definitions> = {
  [Property in keyof Definitions]: Definitions[Property] extends { readonly filter: { readonly name: infer Name extends string } } ? Name : never;
}[keyof Definitions];

/** The properties whose definitions give a value for records that do not set one: nullable fields (null) and fields with a default. */
export type DefaultedPropertyOf<Definitions> = {
  [Property in keyof Definitions]: Definitions[Property] extends { readonly isNullable: true } | { readonly defaultValue: unknown } ? Property : never;
}[keyof Definitions];

/**
 * The persisted scalar fields of one entity, declared once. The core's search tables and
 * readers, the SQL columns, row mapping and migrations, and the Cosmos DB projection and
 * filter paths all derive from it.
 */
export interface FieldRegistry<Entity, Definitions extends FieldDefinitions<Entity> = FieldDefinitions<Entity>> {
  /** The entity's name in messages, e.g. 'run'. */
  readonly entity: string;
  /** The definitions as written (their literal types feed derived types such as `RunAttributeName`). */
  readonly definitions: Definitions;
  /** Every field, in declaration order. */
  readonly fields: readonly EntityField<keyof Definitions & string>[];
  /** Each field by its property. */
  readonly byProperty: { readonly [Property in keyof Definitions & string]: EntityField<Property> };
  /** The searchable fields by canonical filter name. */
  readonly byFilterName: Readonly<Record<FilterNameOf<Definitions>, EntityField<keyof Definitions & string>>>;
  /** Canonical filter names by accepted alias (lower-case). */
  readonly filterAliases: Readonly<Record<string, string>>;
  /**
   * The value of every nullable or defaulted field (null, or its default): the base of a
   * new record, so a field added later with a default needs no change where records are
   * built (such as the kit's fixtures).
   */
  readonly defaults: { readonly [Property in DefaultedPropertyOf<Definitions> & keyof Entity]: Entity[Property] };
  /** The entity's scalar fields as a fresh object: what a store keeps of it besides tags and structured values. */
  readonly pick: (entity: ScalarFieldsOf<Entity>) => ScalarFieldsOf<Entity>;
  /**
   * The scalar fields of a record written by this or an older release (a document store's
   * item): a property missing from it reads as the field's default value (null unless one
   * is defined), so records stored before a field existed read as complete.
   */
  readonly readStored: (stored: Partial<ScalarFieldsOf<Entity>>) => ScalarFieldsOf<Entity>;
}

/**
 * Declares the persisted scalar fields of `Entity` (call with the entity type, then the
 * definitions): the definitions are checked against the entity at compile time, and
 * names, aliases and columns for clashes when the module loads.
 *
 * @example
 * export const deploymentTargetFields = defineFields<DeploymentTarget>()('deployment target', {
 *   id: { type: 'id' },
 *   name: { type: 'name' },
 *   isProduction: { type: 'boolean', defaultValue: false },
 *   createdAt: { type: 'epoch-ms' },
 * });
 */
export function defineFields<Entity>() {
  return <const Definitions extends FieldDefinitions<Entity>>(
    entity: string,
    definitions: Definitions & NoUndeclaredProperties<Definitions, Entity>,
  ): FieldRegistry<Entity, Definitions> => resolveFields<Entity, Definitions>(entity, definitions);
}

interface LooseDefinition {
  type: FieldType;
  values?: readonly string[];
  isNullable?: boolean;
  column?: string;
  defaultValue?: string | number | boolean;
  filter?: { name: string; aliases?: readonly string[]; isSortable?: boolean };
}

function resolveFields<Entity, Definitions extends FieldDefinitions<Entity>>(entity: string, definitions: Definitions): FieldRegistry<Entity, Definitions> {
  const fields: EntityField[] = [];
  const byProperty: Record<string, EntityField> = {};
  const byFilterName: Record<string, EntityField> = {};
  const filterAliases: Record<string, string> = {};
  const columns = new Set<string>();
  for (const [property, raw] of Object.entries(definitions as Record<string, LooseDefinition>)) {
    const column = raw.column ?? snakeCase(property);
    if (columns.has(column)) throw new Error(`Two fields of ${entity} use the column '${column}'.`);
    columns.add(column);
    const filter = raw.filter && { name: raw.filter.name, aliases: (raw.filter.aliases ?? []).map((alias) => alias.toLowerCase()), isSortable: raw.filter.isSortable ?? true };
    const field: EntityField = Object.freeze({
      property,
      type: raw.type,
      values: raw.type === 'enum' ? Object.freeze([...(raw.values ?? [])]) : undefined,
      isNullable: raw.isNullable === true,
      column,
      defaultValue: raw.defaultValue ?? null,
      filter: filter && Object.freeze(filter),
    });
    fields.push(field);
    byProperty[property] = field;
    if (filter) {
      for (const name of [filter.name, ...filter.aliases]) {
        if (Object.hasOwn(byFilterName, name) || Object.hasOwn(filterAliases, name)) throw new Error(`Two fields of ${entity} are named '${name}' in the filter language.`);
      }
      byFilterName[filter.name] = field;
      for (const alias of filter.aliases) filterAliases[alias] = filter.name;
    }
  }
  const defaults: Record<string, unknown> = {};
  for (const field of fields) if (field.isNullable || field.defaultValue !== null) defaults[field.property] = field.defaultValue;
  const pick = (entity: object): object => {
    const source = entity as Record<string, unknown>;
    const picked: Record<string, unknown> = {};
    for (const field of fields) picked[field.property] = source[field.property];
    return picked;
  };
  const readStored = (stored: object): object => {
    const source = stored as Record<string, unknown>;
    const read: Record<string, unknown> = {};
    for (const field of fields) {
      const value = source[field.property];
      read[field.property] = value === undefined ? field.defaultValue : value;
    }
    return read;
  };
  return Object.freeze({
    entity,
    definitions,
    fields: Object.freeze(fields),
    byProperty: Object.freeze(byProperty),
    byFilterName: Object.freeze(byFilterName),
    filterAliases: Object.freeze(filterAliases),
    defaults: Object.freeze(defaults),
    pick,
    readStored,
  }) as unknown as FieldRegistry<Entity, Definitions>;
}

/** `startTime` → `start_time`. */
function snakeCase(property: string): string {
  return property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
