/**
 * How a persisted field's value is typed, stored and compared:
 *
 * - `id`: a UUID v7 string (36 characters).
 * - `string`: short text, up to 250 characters, that may be indexed (hashes, commits, keys).
 * - `name`: a name of up to 500 characters, unique where the entity says so.
 * - `path`: a relative path of up to 1,000 characters.
 * - `text`: free text of any length.
 * - `enum`: one of a fixed list of strings (`values`).
 * - `integer`: a whole number within ±2^53 (sizes, counts, versions).
 * - `epoch-ms`: a point in time, epoch milliseconds (an integer).
 * - `double`: any float64.
 * - `boolean`: true or false.
 */
export type FieldType = 'id' | 'string' | 'name' | 'path' | 'text' | 'enum' | 'integer' | 'epoch-ms' | 'double' | 'boolean';

/** The field types of string values other than enums. */
export type StringFieldType = 'id' | 'string' | 'name' | 'path' | 'text';
/** The field types of number values. */
export type NumberFieldType = 'integer' | 'epoch-ms' | 'double';

/** How the filter language names a searchable field. */
export interface FieldFilterDefinition {
  /** The attribute's name in the filter language (`attributes.<name>`), snake_case. */
  readonly name: string;
  /** Other spellings accepted for it, e.g. MLflow's `run_name` (case-insensitive, like the name). */
  readonly aliases?: readonly string[];
  /** Whether `orderBy` may name it; default true. */
  readonly isSortable?: boolean;
}

/** The part of a definition that depends on the value's type (`Value` without null). */
type ValueDefinition<Value> = [Value] extends [boolean]
  ? { readonly type: 'boolean'; /** Booleans are not searchable. */ readonly filter?: never }
  : [Value] extends [number]
    ? { readonly type: NumberFieldType; readonly filter?: FieldFilterDefinition }
    : [Value] extends [string]
      ? string extends Value
        ? { readonly type: StringFieldType; readonly filter?: FieldFilterDefinition }
        : { readonly type: 'enum'; /** Every value the type allows. */ readonly values: readonly Value[]; readonly filter?: FieldFilterDefinition }
      : never;

/** Nullable properties must say so, and non-nullable ones must not. */
type NullabilityDefinition<Value> = null extends Value
  ? { /** The property's type includes null. */ readonly isNullable: true }
  : { readonly isNullable?: false };

/** The description of one persisted scalar property of type `Value`. */
export type FieldDefinition<Value> = ValueDefinition<NonNullable<Value>> &
  NullabilityDefinition<Value> & {
    /** The SQL column; default the property in snake_case (`startTime` → `start_time`). */
    readonly column?: string;
    /**
     * The value of rows and items stored before the field existed: what a migration
     * adding the column fills in, and what a document store reads when the property is
     * missing. Default null (which requires `isNullable`).
     */
    readonly defaultValue?: NonNullable<Value>;
  };

/** The properties of `Entity` whose values are scalars (strings, numbers, booleans, possibly null). */
export type ScalarPropertyOf<Entity> = {
  [Property in keyof Entity]-?: [NonNullable<Entity[Property]>] extends [string | number | boolean] ? Property : never;
}[keyof Entity] &
  string;

/** The scalar part of an entity: what its field registry describes. */
export type ScalarFieldsOf<Entity> = Pick<Entity, ScalarPropertyOf<Entity>>;

/**
 * One definition per scalar property of `Entity`, checked at compile time: a property
 * without a definition, a definition without a property, a type that does not fit the
 * property's (e.g. `integer` for a string) or a wrong `isNullable` is a type error.
 * Tags, params, metrics and structured values (JSON) are not scalar and stay out.
 */
export type FieldDefinitions<Entity> = {
  readonly [Property in ScalarPropertyOf<Entity>]: FieldDefinition<Entity[Property]>;
};

/** Makes every key of `Definitions` that is not a scalar property of `Entity` an error. */
export type NoUndeclaredProperties<Definitions, Entity> = {
  readonly [Key in Exclude<keyof Definitions, ScalarPropertyOf<Entity>>]: never;
};

/** Whether values of `type` are JavaScript numbers (compared numerically), strings or booleans. */
export function valueKindOf(type: FieldType): 'number' | 'string' | 'boolean' {
  if (type === 'integer' || type === 'epoch-ms' || type === 'double') return 'number';
  return type === 'boolean' ? 'boolean' : 'string';
}
