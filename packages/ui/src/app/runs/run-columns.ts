import type { Run } from '../api/api-types.js';
import { formatDuration, formatMetric, formatTime } from '../components/format.js';

/** The kind of a chosen column: a run's metric, param or tag. */
export type KeyKind = 'metrics' | 'params' | 'tags';

/** A column of the runs table: an attribute, or a metric, param or tag key. */
export interface RunColumn {
  /** `attributes.start_time`, `metrics.accuracy`, …: also the order-by field. */
  id: string;
  label: string;
  group: 'attributes' | KeyKind;
  key: string;
  width: number;
  isNumeric: boolean;
}

/** Quotes a key for the filter and order-by language (backquotes always work). */
export function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : `\`${key.replace(/[\\`]/g, '\\$&')}\``;
}

export function keyColumn(kind: KeyKind, key: string): RunColumn {
  return { id: `${kind}.${quoteKey(key)}`, label: key, group: kind, key, width: kind === 'tags' ? 160 : 120, isNumeric: kind === 'metrics' };
}

/** The attribute columns after the name, always shown. */
export const attributeColumns: RunColumn[] = [
  { id: 'attributes.status', label: 'Status', group: 'attributes', key: 'status', width: 90, isNumeric: false },
  { id: 'attributes.start_time', label: 'Started', group: 'attributes', key: 'startTime', width: 160, isNumeric: false },
  { id: 'attributes.training_time', label: 'Duration', group: 'attributes', key: 'trainingTimeMs', width: 90, isNumeric: true },
];

/** The text of a run's cell in a column. */
export function cellText(run: Run, column: RunColumn): string {
  switch (column.group) {
    case 'metrics':
      return formatMetric(run.metrics[column.key]);
    case 'params':
      return run.params[column.key] ?? '';
    case 'tags':
      return run.tags[column.key] ?? '';
    default:
      if (column.key === 'status') return run.status;
      if (column.key === 'startTime') return formatTime(run.startTime);
      if (column.key === 'trainingTimeMs') return formatDuration(run.trainingTimeMs);
      return '';
  }
}

/** Column ids to and from the URL: each id encoded, so keys with commas survive. */
export function encodeColumnIds(ids: readonly string[]): string {
  return ids.map(encodeURIComponent).join(',');
}

export function decodeColumnIds(text: string): string[] {
  return text === '' ? [] : text.split(',').map(decodeURIComponent);
}

/** The column a column id names, if it names a metric, param or tag. */
export function columnOfId(id: string): RunColumn | null {
  const match = /^(metrics|params|tags)\.(.+)$/.exec(id);
  if (!match) return null;
  let key = match[2]!;
  if (key.startsWith('`') && key.endsWith('`')) key = key.slice(1, -1).replace(/\\([\\`])/g, '$1');
  return keyColumn(match[1] as KeyKind, key);
}
