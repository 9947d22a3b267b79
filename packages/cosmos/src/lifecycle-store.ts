import type { Container } from '@azure/cosmos';
import {
  compareCodePoints,
  isInLifecycle,
  storeErrors,
  type Experiment,
  type ExperimentKeys,
  type ExperimentUpdate,
  type LifecycleFilter,
  type LifecycleStage,
  type RunInfo,
  type Tags,
} from '@mlops-ts/core';
import { cosmosProviderId } from './cosmos-errors.js';
import { ExperimentRecords } from './experiment-records.js';
import { deleteItem, queryAll, readItem } from './item-access.js';
import { mergeTags, type RunItem } from './items.js';
import type { RunStore } from './run-store.js';

/** Run items changed at once when an experiment is deleted or restored. */
const parallelRunUpdates = 16;

/**
 * The Cosmos DB store's lifecycle operations: experiment renames, tags, delete and
 * restore, purge and key listing. Cosmos DB has no transaction across partitions (each
 * run is one), so each operation is a sequence of steps that are safe to repeat, ordered
 * so that calling it again after a failure half-way finishes the job.
 */
export class CosmosLifecycle {
  readonly #experiments: ExperimentRecords;

  constructor(
    catalog: () => Container,
    private readonly runsContainer: () => Container,
    private readonly runs: RunStore,
    /** Called when an experiment is purged, so caches stop treating its id as valid. */
    private readonly forgetExperiment: (id: string) => void,
  ) {
    this.#experiments = new ExperimentRecords(catalog);
  }

  /** Renames first by claiming the new name, then changing the item, then releasing the old name. */
  async updateExperiment(id: string, update: ExperimentUpdate): Promise<Experiment> {
    const current = await this.#experiments.require(id);
    const { name, description } = update;
    if (name !== undefined && name !== current.name) await this.#experiments.claimName(current, name);
    let previousName = current.name;
    const stored = await this.#experiments.modify(id, `Updating experiment '${id}'`, (experiment) => {
      previousName = experiment.name;
      if ((name === undefined || name === experiment.name) && (description === undefined || description === experiment.description)) return null;
      return { ...experiment, ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }) };
    });
    if (previousName !== stored.name) await this.#experiments.releaseName(id, previousName);
    return stored;
  }

  async setExperimentTags(id: string, tags: Tags): Promise<void> {
    await this.#experiments.modify(id, `Setting tags of experiment '${id}'`, (experiment) => ({ ...experiment, tags: mergeTags(experiment.tags, tags) }));
  }

  async deleteExperimentTags(id: string, keys: readonly string[]): Promise<void> {
    const removed = new Set(keys);
    await this.#experiments.modify(id, `Deleting tags of experiment '${id}'`, (experiment) => {
      const kept = Object.entries(experiment.tags).filter(([key]) => !removed.has(key));
      return kept.length === Object.keys(experiment.tags).length ? null : { ...experiment, tags: Object.fromEntries(kept) };
    });
  }

  /**
   * Deleting marks the experiment first, then its active runs with the experiment's time;
   * restoring brings back the runs deleted at that time first, then the experiment. Either
   * way an interrupted call leaves the experiment in the stage that makes a repeat finish.
   */
  async setExperimentLifecycle(id: string, stage: LifecycleStage, deletedAt: number | null): Promise<Experiment> {
    if (stage === 'deleted') {
      // A new time is later than every run deleted before, which a restore must leave deleted.
      const deletedRuns = await this.runs.listByExperiment(id, 'deleted');
      const at = Math.max(deletedAt ?? Date.now(), ...deletedRuns.map((run) => (run.deletedAt ?? 0) + 1));
      const experiment = await this.#experiments.modify(id, `Deleting experiment '${id}'`, (current) =>
        current.lifecycleStage === 'deleted' && current.deletedAt !== null ? null : { ...current, lifecycleStage: 'deleted', deletedAt: at },
      );
      await this.#updateRuns(id, 'active', (run) => run.lifecycleStage === 'active', { lifecycleStage: 'deleted', deletedAt: experiment.deletedAt });
      return experiment;
    }
    const experiment = await this.#experiments.require(id);
    const at = experiment.deletedAt;
    if (at !== null) await this.#updateRuns(id, 'deleted', (run) => run.lifecycleStage === 'deleted' && run.deletedAt === at, { lifecycleStage: 'active', deletedAt: null });
    return this.#experiments.modify(id, `Restoring experiment '${id}'`, (current) => (current.lifecycleStage === 'active' ? null : { ...current, lifecycleStage: 'active', deletedAt: null }));
  }

  async purgeExperiment(id: string): Promise<void> {
    // Without its item, an interrupted purge left only claims: remove() finishes it.
    const experiment = await this.#experiments.find(id);
    if (experiment) {
      if (experiment.lifecycleStage !== 'deleted') throw storeErrors.notDeleted('experiment', id, cosmosProviderId);
      const runCount = (await this.runs.listByExperiment(id)).length;
      if (runCount > 0) throw storeErrors.experimentHasRuns(id, runCount, cosmosProviderId);
    }
    await this.#experiments.remove(id);
    this.forgetExperiment(id);
  }

  async deleteRunTags(runId: string, keys: readonly string[]): Promise<void> {
    await this.runs.deleteTags(runId, keys);
  }

  /** Detaches the run's children, removes every other item of its partition, then the run's item last. */
  async purgeRun(runId: string): Promise<void> {
    const item = await readItem<RunItem>(this.runsContainer(), runId, runId, `run '${runId}'`);
    if (!item || item.type !== 'run') throw storeErrors.runNotFound(runId, cosmosProviderId);
    if (item.lifecycleStage !== 'deleted') throw storeErrors.notDeleted('run', runId, cosmosProviderId);
    const children = await queryAll<{ id: string }>(
      this.runsContainer(),
      {
        query: 'SELECT c.id FROM c WHERE c.type = @type AND c.parentRunId = @parentRunId',
        parameters: [
          { name: '@type', value: 'run' },
          { name: '@parentRunId', value: runId },
        ],
      },
      `the child runs of run '${runId}'`,
    );
    for (const child of children) await this.runs.detachFromParent(child.id, runId);
    const held = await queryAll<{ id: string }>(
      this.runsContainer(),
      { query: 'SELECT c.id FROM c WHERE c.type != @type', parameters: [{ name: '@type', value: 'run' }] },
      `the records of run '${runId}'`,
      { property: 'runId', value: runId },
    );
    await inParallel(held, (record) => deleteItem(this.runsContainer(), record.id, runId, `a record of run '${runId}'`));
    await deleteItem(this.runsContainer(), runId, runId, `run '${runId}'`);
    this.runs.forget(runId);
  }

  /** Distinct keys from the run items (the emulator has no DISTINCT): one query projecting the keyed objects. */
  async listKeys(experimentId: string, lifecycle: LifecycleFilter): Promise<ExperimentKeys> {
    const items = await queryAll<Pick<RunItem, 'params' | 'metrics' | 'tags'> & { lifecycleStage?: LifecycleStage }>(
      this.runsContainer(),
      {
        query: 'SELECT c.params, c.metrics, c.tags, c.lifecycleStage FROM c WHERE c.type = @type AND c.experimentId = @experimentId',
        parameters: [
          { name: '@type', value: 'run' },
          { name: '@experimentId', value: experimentId },
        ],
      },
      `the keys of experiment '${experimentId}'`,
    );
    const selected = items.filter((item) => isInLifecycle(item.lifecycleStage ?? 'active', lifecycle));
    const keysOf = (records: readonly object[]) => [...new Set(records.flatMap((record) => Object.keys(record ?? {})))].sort(compareCodePoints);
    return { params: keysOf(selected.map((item) => item.params)), metrics: keysOf(selected.map((item) => item.metrics)), tags: keysOf(selected.map((item) => item.tags)) };
  }

  async #updateRuns(experimentId: string, stage: LifecycleStage, applies: (run: RunInfo) => boolean, update: Pick<RunInfo, 'lifecycleStage' | 'deletedAt'>): Promise<void> {
    const runs = (await this.runs.listByExperiment(experimentId, stage)).filter(applies);
    await inParallel(runs, (run) => this.runs.setLifecycleIf(run.id, applies, update));
  }
}

/** Runs `work` on every value, a few at a time. */
async function inParallel<Value>(values: readonly Value[], work: (value: Value) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < values.length) await work(values[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallelRunUpdates, values.length) }, worker));
}
