import type { EntityField } from './field-registry.js';

/** The scalar fields of `source` named by `fields`, as a fresh object: what a store keeps of an entity. */
export function pickFields<Property extends string>(fields: readonly EntityField<Property>[], source: Readonly<Record<Property, unknown>>): Record<Property, unknown> {
  const picked = {} as Record<Property, unknown>;
  for (const field of fields) picked[field.property] = source[field.property];
  return picked;
}

/**
 * The scalar fields of a stored record that may predate some of them (a document written
 * by an older release): a missing property reads as the field's default value.
 */
export function readStoredFields<Property extends string>(fields: readonly EntityField<Property>[], stored: Readonly<Partial<Record<Property, unknown>>>): Record<Property, unknown> {
  const read = {} as Record<Property, unknown>;
  for (const field of fields) {
    const value = stored[field.property];
    read[field.property] = value === undefined ? field.defaultValue : value;
  }
  return read;
}
