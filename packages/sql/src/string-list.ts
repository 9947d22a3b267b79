import type { SqlFragment } from './metric-value-codec.js';
import type { SqlDialect } from './sql-dialect.js';
import { placeholderList } from './sql-session.js';

// Up to this many values bind one parameter each (the planner sees them); more travel as
// one JSON array, so a list of any length fits SQL Server's 2,100 parameters.
const maxPlaceholders = 100;

/**
 * `column IN (…)` for a list of strings of any length: placeholders for short lists, one
 * JSON array parameter unpacked by the database (`dialect.stringListSelect`) for long ones.
 * An empty list matches nothing.
 */
export function inStringList(column: string, values: readonly string[], dialect: SqlDialect): SqlFragment {
  if (values.length === 0) return { sql: '1 = 0', params: [] };
  if (values.length <= maxPlaceholders) return { sql: `${column} IN (${placeholderList(values.length)})`, params: [...values] };
  return { sql: `${column} IN (${dialect.stringListSelect})`, params: [JSON.stringify(values)] };
}
