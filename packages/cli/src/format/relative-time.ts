const units: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

let formatter: Intl.RelativeTimeFormat | undefined;

/**
 * "3 minutes ago", "yesterday", "in 2 hours": epoch milliseconds relative to `now`, in the
 * largest whole unit, with the platform's Intl.RelativeTimeFormat (no dependency needed).
 */
export function formatRelativeTime(epochMs: number | null | undefined, now = Date.now()): string {
  if (epochMs === null || epochMs === undefined) return '-';
  formatter ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const elapsed = epochMs - now;
  for (const [unit, size] of units) {
    if (Math.abs(elapsed) >= size || unit === 'second') return formatter.format(Math.round(elapsed / size), unit);
  }
  return '-';
}

/** A duration such as "1.2s", "3m 05s", "2h 10m". */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) return '-';
  if (milliseconds < 1000) return `${Math.round(milliseconds)}ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** An ISO 8601 time in UTC, for detail views. */
export function formatTimestamp(epochMs: number | null | undefined): string {
  return epochMs === null || epochMs === undefined ? '-' : new Date(epochMs).toISOString();
}
