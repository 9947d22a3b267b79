import { sqlOperator, type MetricValueCodec } from '@mlops-ts/sql';

/**
 * What `value_kind` holds. SQL Server's float has no NaN, no infinities and (through some
 * drivers and conversions) no negative zero, so the value column keeps finite numbers and
 * this column says what the rest are.
 */
export const metricValueKinds = { finite: 0, nan: 1, positiveInfinity: 2, negativeInfinity: 3, negativeZero: 4 } as const;

const { finite, nan, positiveInfinity, negativeInfinity, negativeZero } = metricValueKinds;

function kindOf(value: number): number {
  if (Number.isNaN(value)) return nan;
  if (value === Number.POSITIVE_INFINITY) return positiveInfinity;
  if (value === Number.NEGATIVE_INFINITY) return negativeInfinity;
  return Object.is(value, -0) ? negativeZero : finite;
}

/**
 * SQL Server's metric value codec: `value float NULL` holds finite numbers (0 for -0) and
 * `value_kind tinyint` marks NaN, ±Infinity and -0. Comparisons with a finite number
 * treat +Infinity as greater and -Infinity as smaller than every number and NaN as
 * matching nothing, as the core's reference search does; sorting puts -Infinity first
 * and +Infinity last.
 */
export const sqlServerMetricValueCodec: MetricValueCodec = {
  columnsDdl: 'value float NULL, value_kind tinyint NOT NULL',
  columns: [
    { name: 'value', type: 'float' },
    { name: 'value_kind', type: 'tinyint' },
  ],
  write(columns, offset, index, value) {
    const kind = kindOf(value);
    columns[offset]![index] = kind === finite ? value : kind === negativeZero ? 0 : null;
    columns[offset + 1]![index] = kind;
  },
  read(row, offset) {
    switch (Number(row[offset + 1])) {
      case nan:
        return Number.NaN;
      case positiveInfinity:
        return Number.POSITIVE_INFINITY;
      case negativeInfinity:
        return Number.NEGATIVE_INFINITY;
      case negativeZero:
        return -0;
      default:
        return Number(row[offset]);
    }
  },
  isNaN: (alias) => `${alias}.value_kind = ${nan}`,
  compare(alias, operator, value) {
    const compared = `${alias}.value ${sqlOperator(operator)} ?`;
    switch (operator) {
      case '!=':
        return { sql: `(${compared} OR ${alias}.value_kind IN (${positiveInfinity}, ${negativeInfinity}))`, params: [value] };
      case '>':
      case '>=':
        return { sql: `(${compared} OR ${alias}.value_kind = ${positiveInfinity})`, params: [value] };
      case '<':
      case '<=':
        return { sql: `(${compared} OR ${alias}.value_kind = ${negativeInfinity})`, params: [value] };
      default:
        return { sql: compared, params: [value] };
    }
  },
  inList(alias, values, negated) {
    const list = values.map(() => '?').join(', ');
    if (!negated) return { sql: `${alias}.value IN (${list})`, params: [...values] };
    return { sql: `(${alias}.value NOT IN (${list}) OR ${alias}.value_kind IN (${positiveInfinity}, ${negativeInfinity}))`, params: [...values] };
  },
  sortKeys: (alias) => [`CASE ${alias}.value_kind WHEN ${negativeInfinity} THEN 0 WHEN ${positiveInfinity} THEN 2 ELSE 1 END`, `${alias}.value`],
};
