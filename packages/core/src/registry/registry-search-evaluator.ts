import type { FilterExpression } from '../spec/v1/filter-expression.js';
import type { FilterField } from '../spec/v1/filter-field.js';
import type { ModelVersion } from '../spec/v1/model-version.js';
import type { ModelVersionSearchPage, ModelVersionSearchQuery } from '../spec/v1/model-version-search.js';
import type { RegisteredModel } from '../spec/v1/registered-model.js';
import type { RegisteredModelSearchPage, RegisteredModelSearchQuery } from '../spec/v1/registered-model-search.js';
import { matchesFilter } from '../search/filter-evaluator.js';
import { modelVersionAttributes, registeredModelAttributes, type AttributeSpec } from '../search/filter-fields.js';
import { matchesLikePattern } from '../search/like-pattern.js';
import { compareByOrder, compareCodePoints } from '../search/search-ordering.js';

function readAttribute(attributes: Readonly<Record<string, AttributeSpec>>, entity: object, name: string): number | string | null {
  if (!Object.hasOwn(attributes, name) || name === 'alias') return null;
  return (entity as Record<string, number | string | null>)[attributes[name]!.property] ?? null;
}

/** Reads a filter field of a model version: a tag or an attribute; null when absent. `alias` is a set: see `matchesModelVersionFilter`. */
export function readModelVersionField(version: ModelVersion, field: FilterField): number | string | null {
  if (field.kind === 'tag') return Object.hasOwn(version.tags, field.key) ? version.tags[field.key]! : null;
  return field.kind === 'attribute' ? readAttribute(modelVersionAttributes, version, field.name) : null;
}

/** Reads a filter field of a registered model: a tag or an attribute; null when absent. */
export function readRegisteredModelField(model: RegisteredModel, field: FilterField): number | string | null {
  if (field.kind === 'tag') return Object.hasOwn(model.tags, field.key) ? model.tags[field.key]! : null;
  return field.kind === 'attribute' ? readAttribute(registeredModelAttributes, model, field.name) : null;
}

/**
 * True when the version matches the expression. Every field reads as in `matchesFilter`,
 * except `alias`, a set: `=`, LIKE and IN hold when one of the version's aliases matches;
 * `!=` and NOT IN when it has aliases and none of them matches; IS NULL when it has none.
 */
export function matchesModelVersionFilter(expression: FilterExpression, version: ModelVersion): boolean {
  switch (expression.kind) {
    case 'and':
      return expression.operands.every((operand) => matchesModelVersionFilter(operand, version));
    case 'or':
      return expression.operands.some((operand) => matchesModelVersionFilter(operand, version));
    default:
      if (expression.field.kind === 'attribute' && expression.field.name === 'alias') return matchesAliases(expression, version.aliases);
      return matchesFilter(expression, version, readModelVersionField);
  }
}

function matchesAliases(expression: Exclude<FilterExpression, { kind: 'and' | 'or' }>, aliases: readonly string[]): boolean {
  switch (expression.kind) {
    case 'null-check':
      return expression.negated ? aliases.length > 0 : aliases.length === 0;
    case 'comparison':
      if (expression.operator === '=') return aliases.includes(expression.value as string);
      if (expression.operator === '!=') return aliases.length > 0 && !aliases.includes(expression.value as string);
      return false;
    case 'like':
      return aliases.some((alias) => matchesLikePattern(alias, expression.pattern, expression.caseInsensitive));
    case 'in': {
      const isListed = aliases.some((alias) => expression.values.includes(alias));
      return expression.negated ? aliases.length > 0 && !isListed : isListed;
    }
  }
}

/**
 * The reference semantics of `MetadataStoreV1.searchModelVersions` over versions held in
 * memory: keeps versions with ids up to `query.maxId` that match the filter, sorts them
 * by `query.orderBy` then id, and returns the page at `offset`/`limit`.
 */
export function evaluateModelVersionSearch(versions: readonly ModelVersion[], query: ModelVersionSearchQuery): ModelVersionSearchPage {
  const { page, hasMore, maxId } = evaluatePage(versions, query, (version) => matchesModelVersionFilter(query.filter!, version), readModelVersionField);
  return { modelVersions: page, hasMore, maxId };
}

/** The reference semantics of `MetadataStoreV1.searchRegisteredModels`, as `evaluateModelVersionSearch`. */
export function evaluateRegisteredModelSearch(models: readonly RegisteredModel[], query: RegisteredModelSearchQuery): RegisteredModelSearchPage {
  const filter = query.filter;
  const { page, hasMore, maxId } = evaluatePage(models, query, (model) => matchesFilter(filter!, model, readRegisteredModelField), readRegisteredModelField);
  return { registeredModels: page, hasMore, maxId };
}

function evaluatePage<Entity extends { id: string }>(
  entities: readonly Entity[],
  query: ModelVersionSearchQuery | RegisteredModelSearchQuery,
  matches: (entity: Entity) => boolean,
  read: (entity: Entity, field: FilterField) => number | string | null,
): { page: Entity[]; hasMore: boolean; maxId: string | null } {
  const { maxId } = query;
  const inScope = maxId === undefined ? [...entities] : entities.filter((entity) => compareCodePoints(entity.id, maxId) <= 0);
  let largestId: string | null = null;
  for (const entity of inScope) if (largestId === null || compareCodePoints(entity.id, largestId) > 0) largestId = entity.id;
  const matching = query.filter === undefined ? inScope : inScope.filter(matches);
  matching.sort(compareByOrder(query.orderBy, read));
  const end = query.offset + query.limit;
  return { page: matching.slice(query.offset, end), hasMore: matching.length > end, maxId: largestId };
}
