import type { SqlParameter } from '@azure/cosmos';
import { experimentFields, MLOpsError, runFields, type FilterAndExpression, type FilterComparisonOperator, type FilterExpression, type FilterField, type FilterOrExpression } from '@mlops-ts/core';
import { searchablePaths, type SearchablePath } from './item-paths.js';

/**
 * Compiles the core's filter tree (`FilterExpression`) into a Cosmos DB SQL condition.
 * Every key and value is bound as a parameter (`@p0`, `@p1` …); the text holds only item
 * paths, operators and the store's own constants. Keys reach the item through the member
 * indexer (`c.metrics[@p0]`), so a key may hold any character.
 *
 * The condition selects a superset of the matching items: it is exact for comparisons,
 * IN and null checks, and for LIKE and ILIKE it keeps only a cheap necessary condition (a
 * string value, with the pattern's literal prefix for LIKE), because Cosmos DB's LIKE
 * knows no escape-free code-point semantics that match the reference, and the local test
 * server has no LIKE at all. The store then evaluates the exact filter on the candidates
 * with the core's reference evaluator, so results are exact either way.
 *
 * How values are stored, which the compiled conditions rely on:
 * - metric values are JSON numbers, or the strings 'NaN', 'Infinity' and '-Infinity'
 *   (see stored-numbers.ts): NaN is a string that no comparison with a number matches,
 *   and the infinities are added to the comparisons they satisfy;
 * - params, tags and string attributes are strings; absent attributes are null; absent
 *   keys are undefined. A comparison of different types is undefined in Cosmos DB SQL,
 *   which WHERE treats as false, as the filter language wants for missing values;
 * - an attribute with a default (such as `lifecycle_stage`) is missing from items
 *   written before it existed, which read as the default: a predicate on it also keeps
 *   those items (`OR NOT IS_DEFINED`), and the evaluator decides.
 */

/** Where the compiler finds each field in an item. */
export interface FilterFieldPaths {
  /** The path and kind of an attribute (e.g. 'c.startTime'), or undefined when the target has no such attribute. */
  attribute(name: string): SearchablePath | undefined;
  /** The object holding metrics, params or tags by key (e.g. 'c.metrics'); undefined when the target has none. */
  keyed(kind: 'metric' | 'param' | 'tag'): string | undefined;
}

/** Field paths of run items in the runs container: the run registry's searchable fields under `c`. */
export const runFieldPaths: FilterFieldPaths = fieldPathsOf(searchablePaths(runFields.fields, 'c'), { metric: 'c.metrics', param: 'c.params', tag: 'c.tags' });

/** Field paths of experiment name claims in the catalog container (the experiment is under `record`). */
export const experimentFieldPaths: FilterFieldPaths = fieldPathsOf(searchablePaths(experimentFields.fields, 'c.record'), { tag: 'c.record.tags' });

function fieldPathsOf(attributes: ReadonlyMap<string, SearchablePath>, keyed: Readonly<Partial<Record<string, string>>>): FilterFieldPaths {
  return {
    // Own entries only: a hand-built tree naming 'toString' or '__proto__' finds nothing.
    attribute: (name) => attributes.get(name),
    keyed: (kind) => (Object.hasOwn(keyed, kind) ? keyed[kind] : undefined),
  };
}

/** Collects the parameters of one query and names them. */
export class QueryParameters {
  readonly list: SqlParameter[] = [];

  /** Binds a value and returns its name. */
  bind(value: SqlParameter['value']): string {
    const name = `@p${this.list.length}`;
    this.list.push({ name, value });
    return name;
  }
}

/**
 * The condition for `expression`, in parentheses, binding values into `parameters`.
 *
 * @throws MLOpsError INVALID_ARGUMENT for a tree `parseFilter` would never build: a node
 * kind, operator, field kind or attribute the target does not have. Nothing of such a
 * tree reaches the query text.
 */
export function compileFilter(expression: FilterExpression, paths: FilterFieldPaths, parameters: QueryParameters): string {
  if (expression.kind === 'and' || expression.kind === 'or') {
    return `(${expression.operands.map((operand) => compileFilter(operand, paths, parameters)).join(expression.kind === 'and' ? ' AND ' : ' OR ')})`;
  }
  const condition = compilePredicate(expression, paths, parameters);
  const attribute = expression.field?.kind === 'attribute' ? paths.attribute(expression.field.name) : undefined;
  return attribute?.hasDefault ? `(${condition} OR NOT IS_DEFINED(${attribute.path}))` : condition;
}

function compilePredicate(expression: Exclude<FilterExpression, FilterAndExpression | FilterOrExpression>, paths: FilterFieldPaths, parameters: QueryParameters): string {
  switch (expression.kind) {
    case 'comparison': {
      const operator = checkedOperator(expression.operator);
      const { path, isMetric, isNumeric } = resolveField(expression.field, paths, parameters);
      const value = parameters.bind(expression.value);
      const typeCheck = isNumeric ? 'IS_NUMBER' : 'IS_STRING';
      const core = operator === '!=' ? `(${typeCheck}(${path}) AND ${path} != ${value})` : `${path} ${operator} ${value}`;
      return `(${[core, ...(isMetric ? infinitiesSatisfying(path, (infinity) => compare(infinity, operator, expression.value as number)) : [])].join(' OR ')})`;
    }
    case 'in': {
      const { path, isMetric, isNumeric } = resolveField(expression.field, paths, parameters);
      const values = expression.values.map((value) => parameters.bind(value)).join(', ');
      if (!expression.negated) return `(${path} IN (${values}))`;
      const typeCheck = isNumeric ? 'IS_NUMBER' : 'IS_STRING';
      const core = `(${typeCheck}(${path}) AND NOT (${path} IN (${values})))`;
      // ±Infinity is never among the (finite) values, so NOT IN holds for it.
      return `(${[core, ...(isMetric ? infinitiesSatisfying(path, () => true) : [])].join(' OR ')})`;
    }
    case 'null-check': {
      const { path } = resolveField(expression.field, paths, parameters);
      return expression.negated ? `(IS_DEFINED(${path}) AND NOT IS_NULL(${path}))` : `(NOT IS_DEFINED(${path}) OR IS_NULL(${path}))`;
    }
    case 'like': {
      const { path } = resolveField(expression.field, paths, parameters);
      const prefix = expression.caseInsensitive ? '' : literalPrefix(expression.pattern);
      return prefix === '' ? `IS_STRING(${path})` : `STARTSWITH(${path}, ${parameters.bind(prefix)})`;
    }
    default:
      return unknownNode(expression);
  }
}

/** The operators of the filter language; anything else would be query text of the caller's choosing. */
const operators: readonly FilterComparisonOperator[] = ['=', '!=', '<', '<=', '>', '>='];

function checkedOperator(operator: FilterComparisonOperator): FilterComparisonOperator {
  if (!operators.includes(operator)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The filter uses the operator '${String(operator)}', which is not one of ${operators.join(' ')}. Build filters with the core's parseFilter.`);
  }
  return operator;
}

/** Every kind is handled above, so `expression` is `never` for the compiler; a hand-built tree may still get here. */
function unknownNode(expression: never): never {
  throw new MLOpsError(
    'INVALID_ARGUMENT',
    `The filter holds a node of unknown kind '${String((expression as { kind?: unknown }).kind)}'. Build filters with the core's parseFilter.`,
  );
}

function unsupportedField(what: string): MLOpsError {
  return new MLOpsError('INVALID_ARGUMENT', `The filter names ${what}, which this search target does not have. Build filters with the core's parseFilter, which checks field names.`);
}

/** The characters every match of a LIKE pattern starts with: up to the first unescaped `%` or `_`. */
export function literalPrefix(pattern: string): string {
  const characters = Array.from(pattern);
  let prefix = '';
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index]!;
    if (character === '%' || character === '_') break;
    if (character === '\\' && index + 1 < characters.length) prefix += characters[++index]!;
    else prefix += character;
  }
  return prefix;
}

function resolveField(field: FilterField, paths: FilterFieldPaths, parameters: QueryParameters): { path: string; isMetric: boolean; isNumeric: boolean } {
  if (field.kind === 'attribute') {
    const attribute = paths.attribute(field.name);
    if (attribute === undefined) throw unsupportedField(`attribute '${String(field.name)}'`);
    return { path: attribute.path, isMetric: false, isNumeric: attribute.isNumeric };
  }
  const object = paths.keyed(field.kind);
  if (object === undefined) throw unsupportedField(`a field of kind '${String(field.kind)}'`);
  return { path: `${object}[${parameters.bind(field.key)}]`, isMetric: field.kind === 'metric', isNumeric: field.kind === 'metric' };
}

/** Conditions matching the stored infinities that satisfy `holds`. */
function infinitiesSatisfying(path: string, holds: (infinity: number) => boolean): string[] {
  const conditions: string[] = [];
  if (holds(Number.POSITIVE_INFINITY)) conditions.push(`${path} = 'Infinity'`);
  if (holds(Number.NEGATIVE_INFINITY)) conditions.push(`${path} = '-Infinity'`);
  return conditions;
}

function compare(left: number, operator: string, right: number): boolean {
  switch (operator) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}
