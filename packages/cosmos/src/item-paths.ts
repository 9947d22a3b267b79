import { valueKindOf, type EntityField } from '@mlops-ts/core';

// Cosmos DB SQL keywords: a property with such a name is reached with c["value"], not c.value.
const keywords = new Set(
  'and array as asc between by case cast convert cross desc distinct else end escape exists false for from group having in inner insert into is join left like limit not null offset on or order outer over right select set then top true udf undefined update value when where with'.split(' '),
);

/** The query path of an item's property under `root` (e.g. 'c.startTime', 'c["value"]'). Properties come from the field registry, never from user input. */
export function itemPath(root: string, property: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(property) && !keywords.has(property.toLowerCase())) return `${root}.${property}`;
  return `${root}[${JSON.stringify(property)}]`;
}

/** The paths of the registry's fields under `root`, comma-separated: a projection. */
export function projectionOf(fields: readonly EntityField[], root: string): string {
  return fields.map((field) => itemPath(root, field.property)).join(', ');
}

/** Where a searchable field is in an item, whether it holds numbers, and whether items written before it existed lack it but read as its default. */
export interface SearchablePath {
  path: string;
  isNumeric: boolean;
  hasDefault: boolean;
}

/** The path of each searchable field by filter-language name. */
export function searchablePaths(fields: readonly EntityField[], root: string): Map<string, SearchablePath> {
  const paths = new Map<string, SearchablePath>();
  for (const field of fields) {
    if (!field.filter) continue;
    paths.set(field.filter.name, { path: itemPath(root, field.property), isNumeric: valueKindOf(field.type) === 'number', hasDefault: field.defaultValue !== null });
  }
  return paths;
}
