import type { Tags } from '@mlops-ts/core';

/** A metric value as people read it: up to 6 significant digits, NaN and ±Infinity as such. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** A signed difference, "+0.012" or "-3", blank for none. */
export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value === 0) return '0';
  return `${value > 0 ? '+' : ''}${formatNumber(value)}`;
}

/** `key=value` pairs, comma-separated, for a table cell; reserved `mlops.*` tags left out unless asked. */
export function formatTags(tags: Tags, options: { withReserved?: boolean } = {}): string {
  return Object.entries(tags)
    .filter(([key]) => options.withReserved === true || !key.startsWith('mlops.'))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** Cuts `text` to `width` characters with an ellipsis. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** "1 run", "3 runs". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
