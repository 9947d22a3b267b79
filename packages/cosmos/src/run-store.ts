import type { Container, OperationInput, SqlParameter } from '@azure/cosmos';
import { isInLifecycle, MLOpsError, runFields, storeErrors, type LifecycleFilter, type Metric, type MetricHistoryRange, type Param, type Run, type RunInfo, type RunUpdate, type Tags } from '@mlops-ts/core';
import { retryAttempt, retryOnConflict } from './conflict-retry.js';
import { cosmosProviderId, cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import { createItem, queryAll, readItem } from './item-access.js';
import { mergeTags, toRun, toRunItem, type RunItem } from './items.js';
import { planMetricBatches, toMetricHistory, toMetricPointsItems, withLatestMetrics, type StoredMetricPoints } from './metric-points.js';
import { batchFailure, executeBatch } from './transactional-batch.js';
import { withoutSystemProperties } from './system-properties.js';

/** Run items kept per store for the next conditional write (each holds the ETag it was read or written with). */
const maxCachedRunItems = 1_000;

/**
 * Runs in the runs container (partitioned by `/runId`; a run's item has the run id as its
 * id): creation, reads, the run item's updates (status, tags, params, latest metrics), and
 * metric points. Every change to a run item is an ETag-conditioned replace, retried with a
 * fresh read when another writer changed the item in between.
 */
export class RunStore {
  // The last run items this store read or wrote. A stale one only costs a 412 and a re-read.
  readonly #runItems = new Map<string, RunItem>();

  constructor(
    private readonly container: () => Container,
    private readonly requireExperiment: (experimentId: string) => Promise<void>,
  ) {}

  async create(run: RunInfo): Promise<void> {
    await this.requireExperiment(run.experimentId);
    if (run.parentRunId !== null) await this.requireRunItem(run.parentRunId);
    const item = toRunItem(run);
    if (!(await createItem(this.container(), item, `run '${run.id}'`))) {
      throw new MLOpsError('CONFLICT', `A run with id '${run.id}' is already stored. Generate a fresh id (uuidv7()) for each new record.`, {
        providerId: cosmosProviderId,
      });
    }
  }

  async get(id: string): Promise<Run | null> {
    const item = await this.#readRunItem(id);
    return item ? toRun(item) : null;
  }

  /** The experiment's runs in `lifecycle`, oldest first. Crosses partitions (one per run), filtered by the index on experimentId. */
  async listByExperiment(experimentId: string, lifecycle: LifecycleFilter = 'all'): Promise<Run[]> {
    const runs = await this.#listWhere('c.experimentId = @value', experimentId, `the runs of experiment '${experimentId}'`);
    return runs.filter((run) => isInLifecycle(run.lifecycleStage, lifecycle));
  }

  /** Runs of this commit, oldest first. Crosses partitions. */
  async listByGitCommit(gitCommit: string): Promise<Run[]> {
    return this.#listWhere('c.gitCommit = @value', gitCommit, `the runs of commit '${gitCommit}'`);
  }

  async update(runId: string, update: RunUpdate): Promise<void> {
    // Every field of the registry the update defines; other properties are not run fields.
    const values = update as Readonly<Record<string, unknown>>;
    const changed = Object.fromEntries(runFields.fields.filter((field) => values[field.property] !== undefined).map((field) => [field.property, values[field.property]]));
    // Only a lifecycle change reaches a deleted run.
    const isLifecycleChange = update.lifecycleStage !== undefined;
    await this.#modifyRunItem(runId, `Updating run '${runId}'`, (item) => ({ ...(isLifecycleChange ? item : writable(item)), ...changed }));
  }

  /** Sets the run's stage and deletion time when `applies` holds for its stored fields, else leaves it as it is. */
  async setLifecycleIf(runId: string, applies: (run: RunInfo) => boolean, update: Pick<RunInfo, 'lifecycleStage' | 'deletedAt'>): Promise<void> {
    await this.#modifyRunItem(runId, `Updating run '${runId}'`, (item) => (applies(toRun(item)) ? { ...item, ...update } : null));
  }

  /** Clears `parentRunId` of a child whose parent is purged (deleted or not). */
  async detachFromParent(runId: string, parentRunId: string): Promise<void> {
    await this.#modifyRunItem(runId, `Detaching run '${runId}' from its parent`, (item) => (item.parentRunId === parentRunId ? { ...item, parentRunId: null } : null));
  }

  async setTags(runId: string, tags: Tags): Promise<void> {
    await this.#modifyRunItem(runId, `Setting tags of run '${runId}'`, (item) => ({ ...writable(item), tags: mergeTags(item.tags, tags) }));
  }

  /** Removes tags by key; absent keys are ignored. */
  async deleteTags(runId: string, keys: readonly string[]): Promise<void> {
    await this.#modifyRunItem(runId, `Deleting tags of run '${runId}'`, (item) => {
      const removed = new Set(keys);
      const kept = Object.entries(writable(item).tags).filter(([key]) => !removed.has(key));
      return kept.length === Object.keys(item.tags).length ? null : { ...item, tags: Object.fromEntries(kept) };
    });
  }

  /** The run's item read now (not from the cache), unless the run is deleted: the check before a write the item's ETag does not guard. */
  async requireWritableRunItem(runId: string): Promise<RunItem> {
    const item = await this.#readRunItem(runId);
    if (!item) throw storeErrors.runNotFound(runId, cosmosProviderId);
    return writable(item);
  }

  /** Forgets a purged run's cached item. */
  forget(runId: string): void {
    this.#runItems.delete(runId);
  }

  /** Stores params all at once; a key stored with another value fails the whole call with CONFLICT. */
  async logParams(runId: string, params: Omit<Param, 'runId'>[]): Promise<void> {
    await this.#modifyRunItem(runId, `Logging params of run '${runId}'`, (item) => {
      writable(item);
      const merged = new Map(Object.entries(item.params));
      let changed = false;
      for (const { key, value } of params) {
        const stored = merged.get(key);
        if (stored !== undefined && stored !== value) throw storeErrors.paramConflict(runId, key, stored, value, cosmosProviderId);
        if (stored === undefined) {
          merged.set(key, value);
          changed = true;
        }
      }
      return changed ? { ...item, params: Object.fromEntries(merged) } : null;
    });
  }

  /**
   * Stores metric points. Every run is checked first, so an unknown run stores nothing.
   * Each run's points are one transactional batch (several, in order, past ~20,000 points
   * or 99 keys); runs are different partitions and are written in parallel.
   */
  async logMetrics(metrics: Metric[]): Promise<void> {
    const byRun = new Map<string, Metric[]>();
    for (const metric of metrics) {
      const points = byRun.get(metric.runId);
      if (points) points.push(metric);
      else byRun.set(metric.runId, [metric]);
    }
    // Every run must exist and be active before anything is written (this also fills the cache of run items).
    // A cached item may be stale, but then the batch's ETag condition fails and the retry reads the run afresh.
    await Promise.all([...byRun.keys()].map(async (runId) => writable(await this.#cachedOrRead(runId))));
    await Promise.all(
      [...byRun.values()].map(async (points) => {
        for (const batch of planMetricBatches(points)) await this.#commitMetricBatch(batch);
      }),
    );
  }

  /** A metric's history: the run partition's points items of the key whose step range meets `range`. */
  async getMetricHistory(runId: string, key: string, range: MetricHistoryRange = {}): Promise<Metric[]> {
    const conditions = ['c.type = @type', 'c.metricKey = @key'];
    const parameters: SqlParameter[] = [
      { name: '@type', value: 'metric-points' },
      { name: '@key', value: key },
    ];
    if (range.startStep !== undefined) {
      conditions.push('c.maxStep >= @startStep');
      parameters.push({ name: '@startStep', value: range.startStep });
    }
    if (range.endStep !== undefined) {
      conditions.push('c.minStep <= @endStep');
      parameters.push({ name: '@endStep', value: range.endStep });
    }
    const items = await queryAll<StoredMetricPoints>(
      this.container(),
      { query: `SELECT c.sequence, c.part, c.steps, c.metricValues, c.timestamps FROM c WHERE ${conditions.join(' AND ')}`, parameters },
      `the history of metric '${key}' of run '${runId}'`,
      { property: 'runId', value: runId },
    );
    if (items.length === 0) await this.requireRunItem(runId);
    return toMetricHistory(runId, key, items, range);
  }

  /** The run's item (from this store's cache when it has one). Throws NOT_FOUND. */
  async requireRunItem(runId: string): Promise<RunItem> {
    return this.#cachedOrRead(runId);
  }

  // ---------------------------------------------------------------- internals

  async #commitMetricBatch(points: Metric[]): Promise<void> {
    const runId = points[0]!.runId;
    await retryOnConflict(async (attempt) => {
      // The first attempt trusts the cached item; after a lost race only a fresh read will do.
      const current = attempt === 1 ? await this.#cachedOrRead(runId) : await this.#readRunItem(runId);
      if (!current) throw storeErrors.runNotFound(runId, cosmosProviderId);
      const next = withLatestMetrics(writable(current), points);
      const operations: OperationInput[] = [
        { operationType: 'Replace', id: runId, resourceBody: withoutSystemProperties(next), ifMatch: current._etag! },
        ...toMetricPointsItems(runId, next.metricSequence, points).map((item) => ({ operationType: 'Create' as const, resourceBody: { ...item } })),
      ];
      const outcome = await executeBatch(this.container(), runId, operations, `Logging ${points.length} metric points on run '${runId}'`);
      if (!outcome.succeeded) {
        if (outcome.failedIndex === 0 && outcome.status === 404) throw storeErrors.runNotFound(runId, cosmosProviderId);
        // 412: another writer changed the run item; 409: a points item of this sequence exists. Re-read and renumber.
        if (outcome.status === 412 || outcome.status === 409) return retryAttempt;
        throw batchFailure(outcome, `Logging metric points on run '${runId}'`);
      }
      this.#remember(next, outcome.results[0]!.eTag);
      return undefined;
    }, `Logging metric points on run '${runId}'`);
  }

  /**
   * Replaces the run item with `change(item)` on the condition that nobody wrote it since it
   * was read; `change` returns null when there is nothing to write.
   */
  async #modifyRunItem(runId: string, what: string, change: (item: RunItem) => RunItem | null): Promise<void> {
    await retryOnConflict(async (attempt) => {
      const current = attempt === 1 ? await this.#cachedOrRead(runId) : await this.#readRunItem(runId);
      if (!current) throw storeErrors.runNotFound(runId, cosmosProviderId);
      const next = change(current);
      if (next === null) return undefined;
      try {
        const response = await this.container()
          .item(runId, runId)
          .replace(withoutSystemProperties(next), { accessCondition: { type: 'IfMatch', condition: current._etag! } });
        this.#remember(next, response.etag ?? response.resource?._etag);
        return undefined;
      } catch (error) {
        const status = cosmosStatusOf(error);
        if (status === 412) return retryAttempt;
        if (status === 404) throw storeErrors.runNotFound(runId, cosmosProviderId);
        throw translateCosmosError(error, what);
      }
    }, what);
  }

  async #cachedOrRead(runId: string): Promise<RunItem> {
    const cached = this.#runItems.get(runId);
    if (cached) return cached;
    const item = await this.#readRunItem(runId);
    if (!item) throw storeErrors.runNotFound(runId, cosmosProviderId);
    return item;
  }

  async #readRunItem(runId: string): Promise<RunItem | null> {
    const item = await readItem<RunItem>(this.container(), runId, runId, `run '${runId}'`);
    if (!item || item.type !== 'run') return null;
    this.#remember(item, item._etag);
    return item;
  }

  /** Caches the item as written or read with this ETag; without an ETag it could not guard a write, so it is dropped. */
  #remember(item: RunItem, etag: string | undefined): void {
    this.#runItems.delete(item.id);
    if (etag === undefined) return;
    this.#runItems.set(item.id, { ...item, _etag: etag });
    if (this.#runItems.size > maxCachedRunItems) this.#runItems.delete(this.#runItems.keys().next().value!);
  }

  async #listWhere(condition: string, value: string, what: string): Promise<Run[]> {
    const items = await queryAll<RunItem>(
      this.container(),
      {
        query: `SELECT * FROM c WHERE c.type = @type AND ${condition}`,
        parameters: [
          { name: '@type', value: 'run' },
          { name: '@value', value },
        ],
      },
      what,
    );
    return items.map(toRun).sort((a, b) => a.startTime - b.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The item, unless its run is deleted (CONFLICT). Items written before runs had a stage are active. */
function writable(item: RunItem): RunItem {
  if (item.lifecycleStage === 'deleted') throw storeErrors.runDeleted(item.id, cosmosProviderId);
  return item;
}
