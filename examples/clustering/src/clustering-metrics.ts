import type { WeatherDay } from './seattle-weather.js';

/** The model's input columns, in order: all in comparable units (mm, °C, m/s), so plain Euclidean distance is meaningful. */
export const featureNames = ['precipitationMm', 'tempMaxC', 'tempMinC', 'windMs'] as const;

export function toFeatures(day: WeatherDay): number[] {
  return featureNames.map((name) => Math.fround(day[name]));
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += (a[index]! - b[index]!) ** 2;
  return sum;
}

/** Sum of squared distances of rows to their centroid (the k-means objective). */
export function inertia(rows: readonly number[][], centroids: readonly number[][], assignments: readonly number[]): number {
  return rows.reduce((sum, row, index) => sum + squaredDistance(row, centroids[assignments[index]!]!), 0);
}

/** Mean silhouette: for each row, (b − a) / max(a, b) with a the mean distance within its cluster, b to the nearest other one. */
export function silhouette(rows: readonly number[][], assignments: readonly number[], clusterCount: number): number {
  let total = 0;
  rows.forEach((row, index) => {
    const sums = new Array<number>(clusterCount).fill(0);
    const counts = new Array<number>(clusterCount).fill(0);
    rows.forEach((other, otherIndex) => {
      if (otherIndex === index) return;
      sums[assignments[otherIndex]!]! += Math.sqrt(squaredDistance(row, other));
      counts[assignments[otherIndex]!]!++;
    });
    const own = assignments[index]!;
    const within = counts[own] === 0 ? 0 : sums[own]! / counts[own]!;
    const nearestOther = Math.min(...sums.map((sum, cluster) => (cluster === own || counts[cluster] === 0 ? Infinity : sum / counts[cluster]!)));
    total += counts[own] === 0 ? 0 : (nearestOther - within) / Math.max(within, nearestOther);
  });
  return total / rows.length;
}

/** How often each weather label falls in each cluster: counts[cluster][label]. */
export function contingency(assignments: readonly number[], labels: readonly string[], clusterCount: number, labelNames: readonly string[]): number[][] {
  const counts = Array.from({ length: clusterCount }, () => new Array<number>(labelNames.length).fill(0));
  assignments.forEach((cluster, index) => counts[cluster]![labelNames.indexOf(labels[index]!)]!++);
  return counts;
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
