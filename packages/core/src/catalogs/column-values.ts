import { MLOpsError } from '../errors.js';

/** A column value as a category: its string form, 'null' for null or undefined, ISO text for a date. */
export function categoryOf(value: unknown, column: string, rowIndex: number): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return isoDate(value, column, rowIndex);
  try {
    return String(value);
  } catch (cause) {
    throw new MLOpsError('INVALID_ARGUMENT', `${where(column, rowIndex)} holds a value without a string form (${(cause as Error).message}). Pass strings, numbers, booleans or dates in a categorical column.`, {
      cause,
    });
  }
}

/** A date's ISO text; an invalid Date is refused, naming where it was found. */
export function isoDate(value: Date, column: string, rowIndex: number | undefined): string {
  if (Number.isNaN(value.getTime())) {
    throw new MLOpsError('INVALID_ARGUMENT', `${where(column, rowIndex)} holds an invalid Date. Pass a valid Date, or null for a missing value.`);
  }
  return value.toISOString();
}

/** Names a value's place in error messages: the row when known, and the column. */
export function where(column: string, rowIndex: number | undefined): string {
  return rowIndex === undefined ? `Column '${column}'` : `Row ${rowIndex}, column '${column}',`;
}
