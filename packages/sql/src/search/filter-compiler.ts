import { MLOpsError, type FilterComparisonOperator, type FilterExpression, type FilterField } from '@mlops-ts/core';
import { sqlOperator, type SqlFragment } from '../metric-value-codec.js';
import type { SqlDialect } from '../sql-dialect.js';
import { placeholderList } from '../sql-session.js';
import { attributeOf, keyValueTableOf, type AttributeColumn, type KeyValueTable, type SearchTarget } from './search-targets.js';

const alwaysFalse: SqlFragment = { sql: '1 = 0', params: [] };

/**
 * Compiles a filter expression into a SQL condition on `target` with every key and value
 * bound as a parameter (`?`): no text of the filter ever reaches the SQL. The meaning is
 * the core's reference evaluator's: a predicate on a missing key or a null attribute is
 * false except `IS NULL`; a NaN metric is present but matches no comparison.
 *
 * Predicates on params and tags become `id IN (SELECT owner FROM table WHERE "key" = ? AND
 * …)`: the subquery is independent of the outer row, so the database evaluates it once
 * from the (key, value) index and uses it as a semi-join (often the one that drives the
 * query). Predicates on metrics become `EXISTS (… WHERE run_id = r.id AND "key" = ? AND
 * …)`: one primary-key seek per candidate run, with no index on latest values to slow
 * down logging.
 */
export function compileFilter(expression: FilterExpression, target: SearchTarget, dialect: SqlDialect): SqlFragment {
  if (expression.kind !== 'and' && expression.kind !== 'or' && expression.field.kind === 'attribute') {
    const attribute = attributeOf(target, expression.field.name);
    if (attribute.valuesTable) return compileOnValueSet(expression, { ...attribute, valuesTable: attribute.valuesTable }, target, dialect);
  }
  switch (expression.kind) {
    case 'and':
    case 'or': {
      const operands = expression.operands.map((operand) => compileFilter(operand, target, dialect));
      return {
        sql: `(${operands.map((operand) => operand.sql).join(expression.kind === 'and' ? ' AND ' : ' OR ')})`,
        params: operands.flatMap((operand) => operand.params),
      };
    }
    case 'null-check':
      return compileNullCheck(expression.field, expression.negated, target);
    case 'comparison':
      return onField(expression.field, target, dialect, (value, kind) => {
        if (typeof expression.value !== (kind === 'string' ? 'string' : 'number')) return alwaysFalse; // the parser never mixes types; stay exact anyway
        return compareValue(value, kind, expression.operator, expression.value, dialect);
      });
    case 'like':
      return onField(expression.field, target, dialect, (value, kind) =>
        kind === 'string' ? dialect.like(value, expression.pattern, expression.caseInsensitive) : alwaysFalse,
      );
    case 'in':
      return onField(expression.field, target, dialect, (value, kind) => compileIn(value, kind, expression.values, expression.negated, dialect));
    default:
      throw new MLOpsError('INVALID_ARGUMENT', `The filter holds a node of unknown kind '${String((expression as { kind?: unknown }).kind)}'. Build filters with the core's parseFilter.`);
  }
}

/**
 * A predicate on an attribute that holds a set of values (a version's aliases), with the
 * reference semantics: `=`, LIKE and IN hold when one value matches; `!=` and NOT IN when
 * there are values and none matches; IS NULL when there are none.
 */
function compileOnValueSet(
  expression: Exclude<FilterExpression, { kind: 'and' | 'or' }>,
  attribute: AttributeColumn & { valuesTable: { table: string; ownerColumn: string } },
  target: SearchTarget,
  dialect: SqlDialect,
): SqlFragment {
  const { table, ownerColumn } = attribute.valuesTable;
  const having = (condition: SqlFragment | undefined, isPresent = true): SqlFragment => ({
    sql: `${isPresent ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${table} a WHERE a.${ownerColumn} = ${target.idColumn}${condition ? ` AND ${condition.sql}` : ''})`,
    params: condition?.params ?? [],
  });
  const both = (first: SqlFragment, second: SqlFragment): SqlFragment => ({ sql: `(${first.sql} AND ${second.sql})`, params: [...first.params, ...second.params] });
  switch (expression.kind) {
    case 'null-check':
      return having(undefined, expression.negated);
    case 'comparison': {
      if (typeof expression.value !== 'string' || (expression.operator !== '=' && expression.operator !== '!=')) return alwaysFalse;
      const equal = { sql: `${attribute.sql} = ?`, params: [expression.value] };
      return expression.operator === '=' ? having(equal) : both(having(undefined), having(equal, false));
    }
    case 'like':
      return having(dialect.like(attribute.sql, expression.pattern, expression.caseInsensitive));
    case 'in': {
      const listed = compileIn(attribute.sql, 'string', expression.values, false, dialect);
      if (!expression.negated) return listed === alwaysFalse ? alwaysFalse : having(listed);
      return listed === alwaysFalse ? having(undefined) : both(having(undefined), having(listed, false));
    }
  }
}

/**
 * How a predicate reads its field's value: `value` is either the SQL of an attribute
 * column, or the alias `v` of the key/value row (metric values go through the codec).
 */
type ValueKind = 'number' | 'string' | 'metric';
type Predicate = (valueSql: string, kind: ValueKind) => SqlFragment;

function onField(field: FilterField, target: SearchTarget, dialect: SqlDialect, predicate: Predicate): SqlFragment {
  if (field.kind === 'attribute') {
    const attribute = attributeOf(target, field.name);
    return predicate(attribute.sql, attribute.type);
  }
  const table = keyValueTableOf(target, field);
  const condition = table.valueKind === 'metric' ? predicate('v', 'metric') : predicate('v.value', 'string');
  if (condition === alwaysFalse) return alwaysFalse;
  return { sql: keyPresence(table, target, true, `v."key" = ? AND ${condition.sql}`), params: [field.key, ...condition.params] };
}

/** A condition that the entity has (or, when `isPresent` is false, lacks) a row of `table` matching `where`. */
function keyPresence(table: KeyValueTable, target: SearchTarget, isPresent: boolean, where: string): string {
  if (table.access === 'correlated') {
    return `${isPresent ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${table.table} v WHERE v.${table.ownerColumn} = ${target.idColumn} AND ${where})`;
  }
  return `${target.idColumn} ${isPresent ? 'IN' : 'NOT IN'} (SELECT v.${table.ownerColumn} FROM ${table.table} v WHERE ${where})`;
}

function compareValue(valueSql: string, kind: ValueKind, operator: FilterComparisonOperator, value: number | string, dialect: SqlDialect): SqlFragment {
  const op = sqlOperator(checkedOperator(operator));
  if (kind === 'metric') {
    if (typeof value !== 'number') return alwaysFalse;
    return dialect.metricValue.compare(valueSql, operator, value);
  }
  if (kind === 'number') return { sql: `${valueSql} ${op} ${numberParameter(dialect)}`, params: [value] };
  if (op !== '=' && op !== '<>') return alwaysFalse; // strings compare only for equality
  return { sql: `${valueSql} ${op} ?`, params: [value] };
}

function compileIn(valueSql: string, kind: ValueKind, values: readonly (number | string)[], negated: boolean, dialect: SqlDialect): SqlFragment {
  const wanted = kind === 'string' ? 'string' : 'number';
  const typed = values.filter((value) => typeof value === wanted);
  if (typed.length === 0) {
    // Nothing can be equal: IN is false, NOT IN is true for every comparable value.
    if (!negated) return alwaysFalse;
    if (kind === 'metric') return { sql: `NOT (${dialect.metricValue.isNaN(valueSql)})`, params: [] };
    return { sql: `${valueSql} IS NOT NULL`, params: [] };
  }
  if (kind === 'metric') return dialect.metricValue.inList(valueSql, typed as number[], negated);
  const list = kind === 'number' ? typed.map(() => numberParameter(dialect)).join(', ') : placeholderList(typed.length);
  return { sql: `${valueSql} ${negated ? 'NOT IN' : 'IN'} (${list})`, params: typed };
}

function compileNullCheck(field: FilterField, negated: boolean, target: SearchTarget): SqlFragment {
  if (field.kind === 'attribute') {
    const attribute: AttributeColumn = attributeOf(target, field.name);
    if (!attribute.isNullable) return negated ? { sql: '1 = 1', params: [] } : alwaysFalse;
    return { sql: `${attribute.sql} IS ${negated ? 'NOT ' : ''}NULL`, params: [] };
  }
  // A key is present when its row exists; a NaN metric is present.
  return { sql: keyPresence(keyValueTableOf(target, field), target, negated, 'v."key" = ?'), params: [field.key] };
}

/** A number bound as float64, so integer columns compare with fractions exactly as JavaScript does. */
function numberParameter(dialect: SqlDialect): string {
  return `CAST(? AS ${dialect.types.double})`;
}

const operators: readonly FilterComparisonOperator[] = ['=', '!=', '<', '<=', '>', '>='];

function checkedOperator(operator: FilterComparisonOperator): FilterComparisonOperator {
  if (!operators.includes(operator)) {
    throw new MLOpsError('INVALID_ARGUMENT', `The filter uses the operator '${String(operator)}', which is not one of ${operators.join(' ')}. Build filters with the core's parseFilter.`);
  }
  return operator;
}
