import type { Metric } from '../spec/v1/index.js';

/** A metric point with its insertion order, the last tie-breaker between equal points. */
export interface StoredMetric extends Metric {
  sequence: number;
}

/** A deep copy (structuredClone keeps NaN and ±Infinity). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Oldest first: by createdAt, then id. */
export function byCreatedAtThenId(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return a.createdAt - b.createdAt || compareText(a.id, b.id);
}

/** Oldest first: by startTime, then id. */
export function byStartTimeThenId(a: { startTime: number; id: string }, b: { startTime: number; id: string }): number {
  return a.startTime - b.startTime || compareText(a.id, b.id);
}

/** History order: by step, then timestamp, then insertion. */
export function byMetricOrder(a: StoredMetric, b: StoredMetric): number {
  return a.step - b.step || a.timestamp - b.timestamp || a.sequence - b.sequence;
}

/** The latest point per key (highest step, then latest timestamp, then latest insertion). */
export function latestMetricPerKey(points: readonly StoredMetric[]): Record<string, number> {
  const latest = new Map<string, StoredMetric>();
  for (const point of points) {
    const current = latest.get(point.key);
    if (!current || byMetricOrder(point, current) > 0) latest.set(point.key, point);
  }
  return Object.fromEntries([...latest].map(([key, point]) => [key, point.value]));
}

/** Code-unit order, the same in every locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
