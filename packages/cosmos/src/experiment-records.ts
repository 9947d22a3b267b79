import type { Container } from '@azure/cosmos';
import { storeErrors, type Experiment } from '@mlops-ts/core';
import { retryAttempt, retryOnConflict } from './conflict-retry.js';
import { cosmosProviderId, cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import { experimentNameClaimId } from './document-ids.js';
import { createItem, deleteItem, queryAll, readItem } from './item-access.js';
import { toExperiment, type ExperimentItem, type ExperimentNameClaimItem } from './items.js';

/**
 * Changes to experiments in the catalog container. An experiment is two items (see
 * `NamedCatalog`): its own, the source of truth, and its name claim holding a copy for
 * lists, lookups by name and searches. A change is an ETag-conditioned replace of the
 * experiment's item, then `syncClaim` copies it into the claim; every writer syncs after
 * its write, conditioned on the claim's ETag, so the claim ends with the latest copy.
 */
export class ExperimentRecords {
  constructor(private readonly container: () => Container) {}

  /** The experiment, read from its own item, or null. */
  async find(id: string): Promise<Experiment | null> {
    const item = await this.#read(id);
    return item ? toExperiment(item) : null;
  }

  /** The experiment, read from its own item. NOT_FOUND when it does not exist. */
  async require(id: string): Promise<Experiment> {
    const experiment = await this.find(id);
    if (!experiment) throw storeErrors.experimentNotFound(id, cosmosProviderId);
    return experiment;
  }

  /**
   * Replaces the experiment with `change(current)` unless another writer changed it since
   * it was read (then reads and tries again), and brings its claim up to date. `change`
   * returns null when there is nothing to write. Returns the experiment as stored.
   */
  async modify(id: string, what: string, change: (current: Experiment) => Experiment | null): Promise<Experiment> {
    const stored = await retryOnConflict(async () => {
      const item = await this.#read(id);
      if (!item) throw storeErrors.experimentNotFound(id, cosmosProviderId);
      const current = toExperiment(item);
      const next = change(current);
      if (next === null) return current;
      try {
        const body: ExperimentItem = { ...toExperiment(next), type: 'experiment' };
        await this.container().item(id, id).replace(body, { accessCondition: { type: 'IfMatch', condition: item._etag! } });
        return toExperiment(next);
      } catch (error) {
        const status = cosmosStatusOf(error);
        if (status === 412) return retryAttempt;
        if (status === 404) throw storeErrors.experimentNotFound(id, cosmosProviderId);
        throw translateCosmosError(error, what);
      }
    }, what);
    await this.syncClaim(id);
    return stored;
  }

  /**
   * Claims `name` for the experiment (a claim item holding it under that name), or finds
   * the claim an interrupted rename of this experiment already made. CONFLICT when
   * another experiment holds the name.
   */
  async claimName(experiment: Experiment, name: string): Promise<void> {
    const claimId = experimentNameClaimId(name);
    const claim: ExperimentNameClaimItem = { id: claimId, type: 'experiment-name', record: { ...toExperiment(experiment), name } };
    if (await createItem(this.container(), claim, `the name claim of '${name}'`)) return;
    const holder = await readItem<ExperimentNameClaimItem>(this.container(), claimId, claimId, `the name claim of '${name}'`);
    if (holder?.record.id !== experiment.id) throw storeErrors.experimentNameTaken(name, cosmosProviderId);
  }

  /** Removes the claim of `name` when it holds this experiment (so a name another experiment took stays taken). */
  async releaseName(id: string, name: string): Promise<void> {
    const claimId = experimentNameClaimId(name);
    const claim = await readItem<ExperimentNameClaimItem>(this.container(), claimId, claimId, `the name claim of '${name}'`);
    if (claim?.record.id === id) await deleteItem(this.container(), claimId, claimId, `the name claim of '${name}'`);
  }

  /** Copies the experiment's item into the claim of its current name, if that claim holds it. */
  async syncClaim(id: string): Promise<void> {
    await retryOnConflict(async () => {
      const before = await this.#read(id);
      if (!before) return undefined;
      const claimId = experimentNameClaimId(before.name);
      // The claim is read before the item: a write after this read changes the claim's ETag
      // (its writer syncs too), so a stale copy can never replace a newer one.
      const claim = await readItem<ExperimentNameClaimItem>(this.container(), claimId, claimId, `the name claim of '${before.name}'`);
      const item = await this.#read(id);
      if (!item) return undefined;
      if (item.name !== before.name) return retryAttempt;
      if (!claim || claim.record.id !== id) return undefined;
      const record = toExperiment(item);
      if (JSON.stringify(toExperiment(claim.record)) === JSON.stringify(record)) return undefined;
      try {
        await this.container()
          .item(claimId, claimId)
          .replace({ id: claimId, type: 'experiment-name', record }, { accessCondition: { type: 'IfMatch', condition: claim._etag! } });
        return undefined;
      } catch (error) {
        const status = cosmosStatusOf(error);
        if (status === 412) return retryAttempt;
        if (status === 404) return undefined;
        throw translateCosmosError(error, `Updating the name claim of experiment '${id}'`);
      }
    }, `Updating the name claim of experiment '${id}'`);
  }

  /**
   * Removes the experiment's item, then every claim holding it (the item goes first: a
   * purge interrupted in between leaves a claim, so the experiment is still listed and a
   * second purge finishes it). NOT_FOUND when neither exists.
   */
  async remove(id: string): Promise<void> {
    const item = await this.#read(id);
    if (item) await deleteItem(this.container(), id, id, `experiment '${id}'`);
    const claims = await queryAll<{ id: string }>(
      this.container(),
      {
        query: 'SELECT c.id FROM c WHERE c.type = @type AND c.record.id = @id',
        parameters: [
          { name: '@type', value: 'experiment-name' },
          { name: '@id', value: id },
        ],
      },
      `the name claims of experiment '${id}'`,
    );
    if (!item && claims.length === 0) throw storeErrors.experimentNotFound(id, cosmosProviderId);
    for (const claim of claims) await deleteItem(this.container(), claim.id, claim.id, `the name claim of experiment '${id}'`);
  }

  async #read(id: string): Promise<ExperimentItem | null> {
    const item = await readItem<ExperimentItem>(this.container(), id, id, `experiment '${id}'`);
    return item && item.type === 'experiment' ? item : null;
  }
}
