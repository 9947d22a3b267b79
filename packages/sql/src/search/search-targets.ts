import { experimentFields, MLOpsError, modelVersionFields, registeredModelFields, runFields, valueKindOf, type EntityField, type FilterField } from '@mlops-ts/core';

/** A table of key/value pairs owned by a run or experiment (params, tags, latest metrics). */
export interface KeyValueTable {
  /** Table name. */
  table: string;
  /** The column holding the owner's id. */
  ownerColumn: string;
  /** Whether values are metric values (decoded by the dialect's codec) or strings. */
  valueKind: 'metric' | 'string';
  /**
   * How predicates reach the table: 'semi-join' (`id IN (SELECT owner … WHERE key = ? AND …)`,
   * driven by a (key, value) index) or 'correlated' (`EXISTS (… WHERE owner = id AND key = ?
   * AND …)`, a primary-key seek per candidate, for tables without a value index).
   */
  access: 'semi-join' | 'correlated';
}

/** A column of the searched entity that `attributes.<name>` reads. */
export interface AttributeColumn {
  /** The column, qualified with the target's alias. */
  sql: string;
  /** Numbers compare numerically (bound as float64); strings exactly. */
  type: 'number' | 'string';
  /** False for columns that are never null (their IS NULL is constant). */
  isNullable: boolean;
  /**
   * Set for an attribute holding a set of values in a table of its own (a version's
   * aliases): `sql` is then the value column of that table, aliased `a`, and a predicate
   * holds when one of the entity's values matches (see the filter compiler).
   */
  valuesTable?: { table: string; ownerColumn: string };
}

/** What a filter or order-by can read on one kind of entity, and where it lives. */
export interface SearchTarget {
  /** The entity's id column, qualified: 'r.id' or 'e.id'. */
  idColumn: string;
  /** The table behind each key/value field kind this entity has. */
  keyValueTables: Partial<Record<'metric' | 'param' | 'tag', KeyValueTable>>;
  /** The entity's attribute columns by filter-language name. */
  attributes: Record<string, AttributeColumn>;
}

/** Runs, searched as `runs r`. */
export const runSearchTarget: SearchTarget = {
  idColumn: 'r.id',
  keyValueTables: {
    metric: { table: 'latest_metrics', ownerColumn: 'run_id', valueKind: 'metric', access: 'correlated' },
    param: { table: 'params', ownerColumn: 'run_id', valueKind: 'string', access: 'semi-join' },
    tag: { table: 'run_tags', ownerColumn: 'run_id', valueKind: 'string', access: 'semi-join' },
  },
  attributes: attributeColumns(runFields.fields, 'r'),
};

/** Experiments, searched as `experiments e`. */
export const experimentSearchTarget: SearchTarget = {
  idColumn: 'e.id',
  keyValueTables: { tag: { table: 'experiment_tags', ownerColumn: 'experiment_id', valueKind: 'string', access: 'semi-join' } },
  attributes: attributeColumns(experimentFields.fields, 'e'),
};

/** Model versions, searched as `model_versions v`; `alias` reads the version's aliases. */
export const modelVersionSearchTarget: SearchTarget = {
  idColumn: 'v.id',
  keyValueTables: { tag: { table: 'model_version_tags', ownerColumn: 'model_version_id', valueKind: 'string', access: 'semi-join' } },
  attributes: {
    ...attributeColumns(modelVersionFields.fields, 'v'),
    alias: { sql: 'a.alias', type: 'string', isNullable: true, valuesTable: { table: 'model_aliases', ownerColumn: 'model_version_id' } },
  },
};

/** Registered models, searched as `registered_models m`. */
export const registeredModelSearchTarget: SearchTarget = {
  idColumn: 'm.id',
  keyValueTables: { tag: { table: 'registered_model_tags', ownerColumn: 'registered_model_id', valueKind: 'string', access: 'semi-join' } },
  attributes: attributeColumns(registeredModelFields.fields, 'm'),
};

/** The searchable fields of a registry as columns of the table aliased `alias`, by filter-language name. */
function attributeColumns(fields: readonly EntityField[], alias: string): Record<string, AttributeColumn> {
  const attributes: Record<string, AttributeColumn> = {};
  for (const field of fields) {
    if (!field.filter) continue;
    attributes[field.filter.name] = { sql: `${alias}.${field.column}`, type: valueKindOf(field.type) === 'number' ? 'number' : 'string', isNullable: field.isNullable };
  }
  return attributes;
}

/** The key/value table of a metric, param or tag field. */
export function keyValueTableOf(target: SearchTarget, field: FilterField & { kind: 'metric' | 'param' | 'tag' }): KeyValueTable {
  const table = Object.hasOwn(target.keyValueTables, field.kind) ? target.keyValueTables[field.kind] : undefined;
  if (!table) throw unsupportedField(`${String(field.kind)}s`);
  return table;
}

/** The column of an attribute field. */
export function attributeOf(target: SearchTarget, name: string): AttributeColumn {
  if (!Object.hasOwn(target.attributes, name)) throw unsupportedField(`attributes.${name}`);
  return target.attributes[name]!;
}

function unsupportedField(what: string): MLOpsError {
  return new MLOpsError(
    'INVALID_ARGUMENT',
    `The search names ${what}, which this kind of entity does not have. Parse filters with the core's parseFilter, which checks field names.`,
  );
}
