import Table from 'cli-table3';
import type { Colors } from '../output.js';

/** Borderless, like `docker ps` or `kubectl get`: columns two spaces apart, the header in bold. */
const borderless = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** Options of `formatTable`. */
export interface TableOptions {
  /** Right-aligned columns (numbers), by index. */
  alignRight?: readonly number[];
}

/**
 * Aligned columns of `rows` under `head`, with cli-table3 (which measures wide characters
 * and colour codes right). An empty `rows` gives the header alone.
 */
export function formatTable(colors: Colors, head: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const table = new Table({
    head: head.map((title) => colors.bold(title)),
    chars: borderless,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: head.map((_title, index) => (options.alignRight?.includes(index) ? 'right' : 'left')),
  });
  table.push(...rows.map((row) => [...row]));
  // cli-table3 pads the last column too: trailing blanks help nobody.
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** `key  value` lines for one record, keys aligned. */
export function formatFields(colors: Colors, fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length));
  return fields.map(([key, value]) => `${colors.dim(`${key}:`.padEnd(width + 1))} ${value}`).join('\n');
}
