import { toNumber } from '../api/api-client.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatTime(epochMs: number | null | undefined): string {
  return epochMs === null || epochMs === undefined ? '—' : dateTime.format(epochMs);
}

/** "5 minutes ago", for last activity. */
export function formatAgo(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '—';
  const seconds = (epochMs - Date.now()) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['year', 31_536_000], ['month', 2_592_000], ['day', 86_400], ['hour', 3_600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return relative.format(Math.round(seconds), 'second');
}

/** A metric value: up to 6 significant digits; NaN and ±∞ spelled out. */
export function formatMetric(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const number = toNumber(value);
  if (Number.isNaN(number)) return 'NaN';
  if (!Number.isFinite(number)) return number > 0 ? '∞' : '−∞';
  if (Number.isInteger(number) && Math.abs(number) < 1e15) return String(number);
  return Number(number.toPrecision(6)).toString();
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined) return '—';
  if (milliseconds < 1000) return `${milliseconds} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** The first 8 characters of an id, as people quote them. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
