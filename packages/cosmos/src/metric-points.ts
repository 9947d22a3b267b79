import type { Metric, MetricHistoryRange } from '@mlops-ts/core';
import { metricPointsItemId } from './document-ids.js';
import type { MetricPointsItem, MetricPosition, RunItem } from './items.js';
import { decodeMetricValue, encodeMetricValue, type StoredMetricValue } from './stored-numbers.js';
import { maxBatchOperations } from './transactional-batch.js';

/**
 * How a run's metric points become items. Points are stored per key, a few thousand per
 * item, in compact arrays (one item per point would cost a write of its own, and some 60
 * times the request units); the run item keeps the latest value per key. One metric batch
 * is one transactional batch: the run item's ETag-conditioned replace first, then the new
 * points items, so the history and the latest values change together or not at all.
 */
export interface MetricBatchLimits {
  /** Points per points item. */
  maxPointsPerItem: number;
  /** Points items per batch (one operation of the batch is the run item's replace). */
  maxItemsPerBatch: number;
  /** Estimated JSON bytes of the points items of one batch; the rest of the 2 MB request is left to the run item. */
  maxPointBytesPerBatch: number;
}

export const defaultMetricBatchLimits: MetricBatchLimits = {
  maxPointsPerItem: 2_000,
  maxItemsPerBatch: maxBatchOperations - 1,
  maxPointBytesPerBatch: 1_000_000,
};

// Fixed JSON of a points item besides its key and arrays: ids, type, sequence, bounds, system properties.
const itemOverheadBytes = 400;

/** The JSON size of one point in the arrays of a points item (a slight overestimate). */
function pointBytes(point: Metric): number {
  const value = encodeMetricValue(point.value);
  return String(point.step).length + String(value).length + String(point.timestamp).length + (typeof value === 'string' ? 5 : 3);
}

/**
 * Splits one run's points, in logging order, into groups that each fit one transactional
 * batch under `limits`. Nearly every call to `logMetrics` is one group; only calls with
 * more than about 20,000 points, or more than 99 keys, are split.
 */
export function planMetricBatches(points: readonly Metric[], limits: MetricBatchLimits = defaultMetricBatchLimits): Metric[][] {
  const batches: Metric[][] = [];
  let current: Metric[] = [];
  let items = 0;
  let bytes = 0;
  // Points in the current batch's open (last) item of each key.
  const openItemSize = new Map<string, number>();
  for (const point of points) {
    let openSize = openItemSize.get(point.key);
    let needsItem = openSize === undefined || openSize >= limits.maxPointsPerItem;
    let extraBytes = pointBytes(point) + (needsItem ? itemOverheadBytes + point.key.length * 2 : 0);
    const isFull = (needsItem && items + 1 > limits.maxItemsPerBatch) || bytes + extraBytes > limits.maxPointBytesPerBatch;
    if (isFull && current.length > 0) {
      batches.push(current);
      current = [];
      items = 0;
      bytes = 0;
      openItemSize.clear();
      openSize = undefined;
      needsItem = true;
      extraBytes = pointBytes(point) + itemOverheadBytes + point.key.length * 2;
    }
    current.push(point);
    bytes += extraBytes;
    if (needsItem) items++;
    openItemSize.set(point.key, needsItem ? 1 : openSize! + 1);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The points items one batch writes: its points grouped by key (in order of first
 * appearance), each key's points in logging order, at most `maxPointsPerItem` per item.
 */
export function toMetricPointsItems(
  runId: string,
  sequence: number,
  points: readonly Metric[],
  maxPointsPerItem: number = defaultMetricBatchLimits.maxPointsPerItem,
): MetricPointsItem[] {
  const byKey = new Map<string, Metric[]>();
  for (const point of points) {
    const list = byKey.get(point.key);
    if (list) list.push(point);
    else byKey.set(point.key, [point]);
  }
  const items: MetricPointsItem[] = [];
  for (const [key, keyPoints] of byKey) {
    for (let start = 0; start < keyPoints.length; start += maxPointsPerItem) {
      const slice = keyPoints.slice(start, start + maxPointsPerItem);
      const steps = slice.map((point) => point.step);
      items.push({
        id: metricPointsItemId(sequence, items.length),
        runId,
        type: 'metric-points',
        metricKey: key,
        sequence,
        part: items.length,
        minStep: Math.min(...steps),
        maxStep: Math.max(...steps),
        steps,
        metricValues: slice.map((point) => encodeMetricValue(point.value)),
        timestamps: slice.map((point) => point.timestamp),
      });
    }
  }
  return items;
}

/**
 * The run item after a batch of points: the latest value per key is the point with the
 * highest step, then the latest timestamp; at equal step and timestamp the later point
 * wins, and points of this batch are later than every stored one.
 */
export function withLatestMetrics(run: RunItem, points: readonly Metric[]): RunItem {
  const metrics = new Map<string, StoredMetricValue>(Object.entries(run.metrics));
  const positions = new Map<string, MetricPosition>(Object.entries(run.metricPositions));
  for (const point of points) {
    const current = positions.get(point.key);
    if (current === undefined || point.step > current[0] || (point.step === current[0] && point.timestamp >= current[1])) {
      positions.set(point.key, [point.step, point.timestamp]);
      metrics.set(point.key, encodeMetricValue(point.value));
    }
  }
  return {
    ...run,
    metrics: Object.fromEntries(metrics),
    metricPositions: Object.fromEntries(positions),
    metricSequence: run.metricSequence + 1,
  };
}

/** The points items a history read needs (stored fields only). */
export type StoredMetricPoints = Pick<MetricPointsItem, 'sequence' | 'part' | 'steps' | 'metricValues' | 'timestamps'>;

/**
 * A metric's history from its points items: points within `range`, ordered by step, then
 * timestamp, then logging order (batch sequence, item, position in the item).
 */
export function toMetricHistory(runId: string, key: string, items: readonly StoredMetricPoints[], range: MetricHistoryRange = {}): Metric[] {
  const ordered = [...items].sort((a, b) => a.sequence - b.sequence || a.part - b.part);
  const startStep = range.startStep ?? Number.NEGATIVE_INFINITY;
  const endStep = range.endStep ?? Number.POSITIVE_INFINITY;
  const history: { point: Metric; order: number }[] = [];
  for (const item of ordered) {
    for (let index = 0; index < item.steps.length; index++) {
      const step = item.steps[index]!;
      if (step < startStep || step > endStep) continue;
      history.push({
        point: { runId, key, value: decodeMetricValue(item.metricValues[index]), step, timestamp: item.timestamps[index]! },
        order: history.length,
      });
    }
  }
  history.sort((a, b) => a.point.step - b.point.step || a.point.timestamp - b.point.timestamp || a.order - b.order);
  return history.map(({ point }) => point);
}
