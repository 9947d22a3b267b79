import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, ItemDefinition } from '@azure/cosmos';
import { MLOpsError, storeErrors, type RegisteredModel, type RegisteredModelUpdate, type Tags } from '@mlops-ts/core';
import { retryAttempt, retryOnConflict } from './conflict-retry.js';
import { cosmosProviderId, cosmosStatusOf, translateCosmosError } from './cosmos-errors.js';
import { createItem, deleteItem, queryAll, readItem } from './item-access.js';
import { registeredModelNameClaimId, toRegisteredModel, toRegisteredModelItem, type RegisteredModelItem, type RegisteredModelNameClaimItem } from './model-registry-items.js';
import { withoutSystemProperties } from './system-properties.js';

/**
 * Registered model records in the `models` container and their name claims in the
 * catalog container. A name is taken by creating its claim (one per name: the second
 * creator gets 409). A claim whose model is gone or renamed (a writer that died half-way)
 * is stale: readers ignore it and the next claimant replaces it.
 */
export class RegisteredModelRecords {
  constructor(
    private readonly models: () => Container,
    private readonly catalog: () => Container,
  ) {}

  /** The record item, or null. */
  readItem(id: string): Promise<(RegisteredModelItem & ItemDefinition) | null> {
    return readItem<RegisteredModelItem>(this.models(), id, id, `registered model '${id}'`).then((item) => (item?.type === 'registered-model' ? item : null));
  }

  /** The record item. @throws NOT_FOUND. */
  async requireItem(id: string): Promise<RegisteredModelItem & ItemDefinition> {
    const item = await this.readItem(id);
    if (!item) throw storeErrors.registeredModelNotFound(id, cosmosProviderId);
    return item;
  }

  async create(model: RegisteredModel): Promise<RegisteredModel> {
    const existing = await this.getByName(model.name);
    if (existing) return existing;
    if (!(await createItem(this.models(), toRegisteredModelItem(model), `registered model '${model.name}'`))) {
      throw storeErrors.duplicateId('A registered model', model.id, cosmosProviderId);
    }
    const claimant = await this.#claim(model.name, model.id);
    if (claimant === model.id) return toRegisteredModel((await this.readItem(model.id))!);
    // Another creator took the name first: withdraw this record and return theirs.
    await deleteItem(this.models(), model.id, model.id, `registered model '${model.id}'`);
    return toRegisteredModel((await this.readItem(claimant))!);
  }

  async getById(id: string): Promise<RegisteredModel | null> {
    const item = await this.readItem(id);
    return item ? toRegisteredModel(item) : null;
  }

  async getByName(name: string): Promise<RegisteredModel | null> {
    const item = await this.#itemByName(name);
    return item ? toRegisteredModel(item) : null;
  }

  /** Every registered model, oldest first. Crosses partitions. */
  async listItems(): Promise<RegisteredModelItem[]> {
    const items = await queryAll<RegisteredModelItem>(
      this.models(),
      { query: 'SELECT * FROM c WHERE c.type = @type', parameters: [{ name: '@type', value: 'registered-model' }] },
      'the registered models',
    );
    return items.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Renames (claiming the new name first, then releasing the old one) and sets the
   * description and `updatedAt`. @throws NOT_FOUND; CONFLICT when the name is taken.
   */
  async update(id: string, update: RegisteredModelUpdate): Promise<RegisteredModel> {
    const current = await this.requireItem(id);
    const renaming = update.name !== undefined && update.name !== current.name;
    if (renaming && (await this.#claim(update.name!, id)) !== id) throw storeErrors.registeredModelNameTaken(update.name!, cosmosProviderId);
    let previousName = current.name;
    let updated: RegisteredModelItem;
    try {
      updated = await this.change(id, (item) => {
        previousName = item.name;
        if (update.name !== undefined) item.name = update.name;
        if (update.description !== undefined) item.description = update.description;
        item.updatedAt = update.updatedAt;
      });
    } catch (error) {
      if (renaming) await this.#release(update.name!, id);
      throw error;
    }
    if (renaming && previousName !== update.name) await this.#release(previousName, id);
    return toRegisteredModel(updated);
  }

  /**
   * Applies `change` to the record and replaces it on the ETag it was read with, reading
   * again when another writer came first. @throws NOT_FOUND.
   */
  async change(id: string, change: (item: RegisteredModelItem) => void): Promise<RegisteredModelItem> {
    return retryOnConflict(async () => {
      const item = await this.requireItem(id);
      const next = structuredClone(withoutSystemProperties(item)) as unknown as RegisteredModelItem;
      change(next);
      try {
        await this.models().item(id, id).replace(withoutSystemProperties(next), { accessCondition: { type: 'IfMatch', condition: item._etag! } });
        return next;
      } catch (error) {
        if (cosmosStatusOf(error) === 412) return retryAttempt;
        if (cosmosStatusOf(error) === 404) throw storeErrors.registeredModelNotFound(id, cosmosProviderId);
        throw translateCosmosError(error, `Updating registered model '${id}'`);
      }
    }, `Updating registered model '${id}'`);
  }

  async setTags(id: string, tags: Tags, updatedAt: number): Promise<void> {
    await this.change(id, (item) => {
      item.tags = Object.fromEntries([...Object.entries(item.tags), ...Object.entries(tags)]);
      item.updatedAt = updatedAt;
    });
  }

  async deleteTags(id: string, keys: readonly string[], updatedAt: number): Promise<void> {
    const removed = new Set(keys);
    await this.change(id, (item) => {
      item.tags = Object.fromEntries(Object.entries(item.tags).filter(([key]) => !removed.has(key)));
      item.updatedAt = updatedAt;
    });
  }

  /** Removes every item of the model's partition, the record last, then its name claim. @throws NOT_FOUND. */
  async delete(id: string): Promise<void> {
    const record = await this.requireItem(id);
    const items = await queryAll<{ id: string; type: string }>(
      this.models(),
      { query: 'SELECT c.id, c.type FROM c WHERE c.type != @type', parameters: [{ name: '@type', value: 'registered-model' }] },
      `the versions and deployments of registered model '${id}'`,
      { property: 'registeredModelId', value: id },
    );
    for (const item of items) await deleteItem(this.models(), item.id, id, `${item.type} '${item.id}'`);
    await deleteItem(this.models(), id, id, `registered model '${id}'`);
    await this.#release(record.name, id);
  }

  /**
   * Claims `name` for the registered model `id` (for upgrades, which write the record
   * themselves): returns `id`, or the id of the live registered model holding the name.
   */
  claimName(name: string, id: string): Promise<string> {
    return this.#claim(name, id);
  }

  /** The live record whose name is `name`, through its claim. */
  async #itemByName(name: string): Promise<RegisteredModelItem | null> {
    const claimId = registeredModelNameClaimId(name);
    const claim = await readItem<RegisteredModelNameClaimItem>(this.catalog(), claimId, claimId, `the claim of registered model name '${name}'`);
    if (!claim) return null;
    const item = await this.readItem(claim.registeredModelId);
    return item && item.name === name ? item : null;
  }

  /**
   * Claims `name` for `id`: returns `id` when it now holds the name, or the id of the live
   * registered model that holds it. A stale claim is replaced.
   */
  async #claim(name: string, id: string): Promise<string> {
    const claimId = registeredModelNameClaimId(name);
    for (let attempt = 0; attempt < 50; attempt++) {
      const claim: RegisteredModelNameClaimItem = { id: claimId, type: 'registered-model-name', registeredModelId: id };
      if (await createItem(this.catalog(), claim, `the claim of registered model name '${name}'`)) return id;
      const stored = await readItem<RegisteredModelNameClaimItem>(this.catalog(), claimId, claimId, `the claim of registered model name '${name}'`);
      if (!stored) continue; // released meanwhile: claim again
      if (stored.registeredModelId === id) return id;
      const holder = await this.readItem(stored.registeredModelId);
      if (holder && (holder.name === name || this.#isClaimFresh(stored))) return holder.id;
      // Stale: its model is gone or was renamed. Replace it unless another writer did.
      try {
        await this.catalog().item(claimId, claimId).delete({ accessCondition: { type: 'IfMatch', condition: stored._etag! } });
      } catch (error) {
        if (cosmosStatusOf(error) !== 412 && cosmosStatusOf(error) !== 404) throw translateCosmosError(error, `Releasing the stale claim of '${name}'`);
      }
      await sleep(Math.min(100, 2 ** attempt));
    }
    throw new MLOpsError('UNAVAILABLE', `The registered model name '${name}' kept changing hands in Cosmos DB. Retry; if it persists, check the account's consistency level.`, {
      providerId: cosmosProviderId,
    });
  }

  /**
   * A claim whose holder has another name may belong to a rename in progress (claimed,
   * record not yet replaced): it counts as taken while young.
   */
  #isClaimFresh(claim: RegisteredModelNameClaimItem & { _ts?: number }): boolean {
    return typeof claim._ts === 'number' && Date.now() / 1000 - claim._ts < 30;
  }

  /** Removes the claim of `name` if `id` holds it. */
  async #release(name: string, id: string): Promise<void> {
    const claimId = registeredModelNameClaimId(name);
    const claim = await readItem<RegisteredModelNameClaimItem>(this.catalog(), claimId, claimId, `the claim of registered model name '${name}'`);
    if (claim?.registeredModelId !== id) return;
    try {
      await this.catalog().item(claimId, claimId).delete({ accessCondition: { type: 'IfMatch', condition: claim._etag! } });
    } catch (error) {
      if (cosmosStatusOf(error) !== 412 && cosmosStatusOf(error) !== 404) throw translateCosmosError(error, `Releasing the name '${name}'`);
    }
  }
}
